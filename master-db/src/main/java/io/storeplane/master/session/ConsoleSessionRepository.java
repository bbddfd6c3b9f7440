package io.storeplane.master.session;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Console sessions, found by the hash of their id. */
@ApplicationScoped
public class ConsoleSessionRepository implements PanacheRepositoryBase<ConsoleSession, String> {

  /** Deletes the sessions idle since before {@code cutoff}; returns how many. */
  public long deleteIdleSince(Instant cutoff) {
    return delete("lastSeenAt < ?1", cutoff);
  }
}
