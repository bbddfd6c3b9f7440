package io.storeplane.master.usage;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/** API call log rows. */
@ApplicationScoped
public class ApiUsageLogRepository implements PanacheRepository<ApiUsageLog> {

  public long countForStore(UUID storeId, Instant from, Instant to) {
    return count("storeId = ?1 and occurredAt >= ?2 and occurredAt < ?3", storeId, from, to);
  }
}
