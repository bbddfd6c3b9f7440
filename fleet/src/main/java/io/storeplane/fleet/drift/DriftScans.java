package io.storeplane.fleet.drift;

import io.storeplane.jobs.JobError;
import io.storeplane.jobs.JobException;
import io.storeplane.jobs.JobStore;
import io.storeplane.jobs.NewJob;
import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import io.storeplane.provisioning.connect.ConnectionManager;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Queues stores' schema checks ({@link StoreDriftKind}): one per store under the exclusive key
 * {@code fleet.drift:<store>}, limited per database server (the limit key).
 */
@ApplicationScoped
public class DriftScans {

  private static final String ACTIVE =
      "SELECT id, database_server_id, database_host, database_port FROM stores"
          + " WHERE status = 'ACTIVE' AND database_status = 'ACTIVE' ORDER BY id";

  /** A store to check and the key of the database server it lives on. */
  public record Target(UUID storeId, String serverKey) {}

  private final JobStore jobs;
  private final ConnectionManager connections;
  private final Clock clock;

  DriftScans(JobStore jobs, ConnectionManager connections, Clock clock) {
    this.jobs = jobs;
    this.connections = connections;
    this.clock = clock;
  }

  /** Queues one store's check, or leaves the one already queued or running. */
  public void enqueue(Target target, Optional<String> idempotencyKey) {
    String exclusive = "fleet.drift:" + target.storeId();
    NewJob check =
        NewJob.of(StoreDriftKind.NAME)
            .store(target.storeId())
            .exclusiveKey(exclusive)
            .limitKey(target.serverKey())
            .idempotencyKey(idempotencyKey)
            .maxAttempts(1)
            .unitsTotal(1);
    try {
      jobs.enqueue(check, clock.instant());
    } catch (JobException e) {
      if (e.code() != JobError.JOB_KEY_BUSY) {
        throw e;
      }
    }
  }

  /** Every store with an active database, by id. */
  public List<Target> activeStores() {
    List<Target> targets = new ArrayList<>();
    try (Connection c = connections.master().getConnection();
        PreparedStatement s = c.prepareStatement(ACTIVE);
        ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        UUID id = rows.getObject("id", UUID.class);
        UUID server = rows.getObject("database_server_id", UUID.class);
        String host = rows.getString("database_host");
        String key =
            server != null
                ? "server:" + server
                : host != null
                    ? "host:%s:%d".formatted(host, rows.getInt("database_port"))
                    : "store:" + id;
        targets.add(new Target(id, key));
      }
    } catch (SQLException e) {
      throw new MasterDataException(
          MasterError.MASTER_DATABASE_UNAVAILABLE, "Could not list the stores to check");
    }
    return targets;
  }
}
