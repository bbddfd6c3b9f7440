package io.storeplane.fleet.reconcile;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.storeplane.fleet.FleetError;
import io.storeplane.fleet.FleetException;
import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import io.storeplane.master.audit.ActorType;
import io.storeplane.master.audit.AuditEntry;
import io.storeplane.master.audit.AuditOutcome;
import io.storeplane.master.audit.AuditService;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.master.server.DatabaseServer;
import io.storeplane.provisioning.connect.ConnectionManager;
import io.storeplane.provisioning.database.DatabaseNames;
import io.storeplane.provisioning.server.DatabaseServerService;
import io.storeplane.provisioning.server.ServerAdmin;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Compares what exists on a managed server (databases, logins, owners) with the registry and keeps
 * the findings ({@code reconciler_findings}, master V11): orphans (Storeplane's name prefix,
 * unknown to the registry), missing databases (a store's, registered and absent), owner mismatches
 * (PostgreSQL: a store's or warm-pool entry's database owned by another login). Warm-pool entries,
 * templates, the databases of queued or running provisioning jobs, and names outside the prefix are
 * never orphans. A finding seen for the first time gets an audit row ({@code
 * fleet.reconcile.finding}); with {@code drop-orphans} on, an orphan database seen for longer than
 * {@code drop-grace} is dropped (audited, {@code fleet.reconcile.drop}). Metric: {@code
 * storeplane.fleet.reconciler.findings{kind}}, the findings of every server as of this instance's
 * last run.
 */
@ApplicationScoped
public class Reconciler {

  private static final Logger LOG = Logger.getLogger(Reconciler.class);

  /** Whether and when orphans are dropped. */
  public record DropPolicy(boolean enabled, Duration grace) {

    public DropPolicy {
      Objects.requireNonNull(grace, "grace");
    }
  }

  private final DatabaseServerService servers;
  private final ConnectionManager connections;
  private final AuditService audit;
  private final ReconcilerConfig config;
  private final Clock clock;
  private final Map<FindingKind, AtomicLong> gauges = new EnumMap<>(FindingKind.class);

  Reconciler(
      DatabaseServerService servers,
      ConnectionManager connections,
      AuditService audit,
      ReconcilerConfig config,
      Clock clock,
      MeterRegistry registry) {
    this.servers = servers;
    this.connections = connections;
    this.audit = audit;
    this.config = config;
    this.clock = clock;
    for (FindingKind kind : FindingKind.values()) {
      AtomicLong value = new AtomicLong();
      gauges.put(kind, value);
      Gauge.builder("storeplane.fleet.reconciler.findings", value, AtomicLong::get)
          .description("What the reconciler last found on the managed servers, by kind")
          .tag("kind", kind.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
  }

  /** Reconciles {@code serverId} now, with the configured clock and drop policy. */
  public Reconciliation reconcile(UUID serverId) {
    return reconcile(serverId, clock, new DropPolicy(config.dropOrphans(), config.dropGrace()));
  }

  /**
   * Reconciles {@code serverId} at {@code clock}'s now with {@code policy}.
   *
   * @throws io.storeplane.provisioning.ProvisioningException {@code database-server-not-found}
   * @throws FleetException {@code server-unreachable} when the server cannot be read with its admin
   *     login
   */
  public Reconciliation reconcile(UUID serverId, Clock clock, DropPolicy policy) {
    DatabaseServer server = servers.get(serverId);
    Instant now = clock.instant();
    ServerInventory inventory;
    try (Connection admin = servers.adminConnection(server)) {
      inventory = ServerInventory.read(server.engine, admin);
    } catch (SQLException | RuntimeException e) {
      throw new FleetException(
          FleetError.SERVER_UNREACHABLE,
          "Could not read managed server '%s' with its admin login: %s"
              .formatted(server.name, e.getMessage()),
          "Could not read managed server '%s' with its admin login.".formatted(server.name),
          e);
    }
    Registry registry;
    try (Connection master = connections.master().getConnection()) {
      registry = Registry.read(master, serverId);
    } catch (SQLException e) {
      throw unavailable(e);
    }
    List<Finding> found = compare(server, inventory, registry, now);
    Map<String, Finding> known = store(serverId, found, now);
    List<Finding> findings = new ArrayList<>(known.values());
    List<String> dropped = new ArrayList<>();
    if (policy.enabled()) {
      for (Finding finding : known.values()) {
        if (finding.kind() == FindingKind.ORPHAN_DATABASE
            && !finding.firstSeenAt().plus(policy.grace()).isAfter(now)
            && drop(server, finding)) {
          dropped.add(finding.name());
          findings.remove(finding);
        }
      }
    }
    refreshGauges();
    return new Reconciliation(server.id, server.name, now, findings, dropped);
  }

  /** The findings of {@code serverId} as the last run left them. */
  public List<Finding> findings(UUID serverId) {
    servers.get(serverId);
    try (Connection master = connections.master().getConnection()) {
      return new ArrayList<>(read(master, serverId).values());
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private static List<Finding> compare(
      DatabaseServer server, ServerInventory inventory, Registry registry, Instant now) {
    List<Finding> out = new ArrayList<>();
    for (Map.Entry<String, String> database : inventory.databases().entrySet()) {
      String name = database.getKey();
      if (!platform(name)) {
        continue;
      }
      if (!registry.knowsDatabase(name)) {
        out.add(
            new Finding(
                server.id,
                FindingKind.ORPHAN_DATABASE,
                name,
                null,
                null,
                database.getValue(),
                now,
                now));
        continue;
      }
      String owner = registry.expectedOwners().get(name);
      if (server.engine == DatabaseEngine.POSTGRESQL
          && owner != null
          && database.getValue() != null
          && !owner.equals(database.getValue())) {
        out.add(
            new Finding(
                server.id,
                FindingKind.OWNER_MISMATCH,
                name,
                registry.storeDatabases().get(name),
                owner,
                database.getValue(),
                now,
                now));
      }
    }
    for (Map.Entry<String, UUID> store : registry.storeDatabases().entrySet()) {
      if (!inventory.databases().containsKey(store.getKey())) {
        out.add(
            new Finding(
                server.id,
                FindingKind.MISSING_DATABASE,
                store.getKey(),
                store.getValue(),
                "present",
                "absent",
                now,
                now));
      }
    }
    for (String login : inventory.logins()) {
      if (platform(login)
          && !registry.knowsLogin(login)
          && !inventory.databases().containsKey(login)) {
        out.add(
            new Finding(server.id, FindingKind.ORPHAN_LOGIN, login, null, null, null, now, now));
      }
    }
    return out;
  }

  private static boolean platform(String name) {
    return DatabaseNames.PLATFORM_NAME.matcher(name).matches();
  }

  /**
   * Replaces the server's findings with {@code found}, keeping when each was first seen; audits
   * those seen for the first time. Returns the findings as stored.
   */
  private Map<String, Finding> store(UUID serverId, List<Finding> found, Instant now) {
    Map<String, Finding> stored = new LinkedHashMap<>();
    List<Finding> fresh = new ArrayList<>();
    try (Connection master = connections.master().getConnection()) {
      master.setAutoCommit(false);
      try {
        Map<String, Finding> before = read(master, serverId);
        try (PreparedStatement delete =
            master.prepareStatement("DELETE FROM reconciler_findings WHERE server_id = ?")) {
          delete.setObject(1, serverId);
          delete.executeUpdate();
        }
        try (PreparedStatement insert =
            master.prepareStatement(
                "INSERT INTO reconciler_findings (server_id, kind, name, store_id, expected,"
                    + " actual, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
          for (Finding finding : found) {
            Finding earlier = before.get(key(finding));
            Instant first = earlier == null ? now : earlier.firstSeenAt();
            Finding row =
                new Finding(
                    serverId,
                    finding.kind(),
                    finding.name(),
                    finding.storeId(),
                    finding.expected(),
                    finding.actual(),
                    first,
                    now);
            if (stored.putIfAbsent(key(row), row) != null) {
              continue;
            }
            if (earlier == null) {
              fresh.add(row);
            }
            insert.setObject(1, serverId);
            insert.setString(2, row.kind().name());
            insert.setString(3, row.name());
            insert.setObject(4, row.storeId());
            insert.setString(5, row.expected());
            insert.setString(6, row.actual());
            insert.setTimestamp(7, Timestamp.from(first));
            insert.setTimestamp(8, Timestamp.from(now));
            insert.addBatch();
          }
          insert.executeBatch();
        }
        master.commit();
      } catch (SQLException e) {
        master.rollback();
        throw e;
      } finally {
        master.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
    fresh.forEach(f -> audit("fleet.reconcile.finding", f, AuditOutcome.SUCCESS, null));
    return stored;
  }

  private boolean drop(DatabaseServer server, Finding orphan) {
    try (Connection admin = servers.adminConnection(server)) {
      ServerAdmin.of(server.engine).dropDatabase(admin, orphan.name());
    } catch (SQLException | RuntimeException e) {
      LOG.warnf(
          "Could not drop orphan database %s on managed server '%s': %s",
          orphan.name(), server.name, e.getMessage());
      audit("fleet.reconcile.drop", orphan, AuditOutcome.FAILURE, e.getMessage());
      return false;
    }
    try (Connection master = connections.master().getConnection();
        PreparedStatement delete =
            master.prepareStatement(
                "DELETE FROM reconciler_findings WHERE server_id = ? AND kind = ? AND name = ?")) {
      delete.setObject(1, server.id);
      delete.setString(2, orphan.kind().name());
      delete.setString(3, orphan.name());
      delete.executeUpdate();
    } catch (SQLException e) {
      throw unavailable(e);
    }
    LOG.infof(
        "Dropped orphan database %s on managed server '%s' (first seen %s)",
        orphan.name(), server.name, orphan.firstSeenAt());
    audit("fleet.reconcile.drop", orphan, AuditOutcome.SUCCESS, null);
    return true;
  }

  private void audit(String action, Finding finding, AuditOutcome outcome, String error) {
    Map<String, Object> details = new HashMap<>();
    details.put("server", finding.serverId().toString());
    details.put("kind", finding.kind().name().toLowerCase(Locale.ROOT));
    details.put("name", finding.name());
    if (finding.storeId() != null) {
      details.put("storeId", finding.storeId().toString());
    }
    if (finding.expected() != null) {
      details.put("expected", finding.expected());
    }
    if (finding.actual() != null) {
      details.put("actual", finding.actual());
    }
    if (error != null) {
      details.put("error", error);
    }
    try {
      audit.record(
          new AuditEntry(
              ActorType.SYSTEM,
              "reconciler",
              "system",
              action,
              "database_server",
              finding.serverId().toString(),
              outcome,
              null,
              null,
              details));
    } catch (RuntimeException e) {
      LOG.warnf("Could not audit %s of %s: %s", action, finding.name(), e.getMessage());
    }
  }

  private static Map<String, Finding> read(Connection master, UUID serverId) throws SQLException {
    Map<String, Finding> found = new LinkedHashMap<>();
    try (PreparedStatement s =
        master.prepareStatement(
            "SELECT kind, name, store_id, expected, actual, first_seen_at, last_seen_at"
                + " FROM reconciler_findings WHERE server_id = ? ORDER BY kind, name")) {
      s.setObject(1, serverId);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          Finding f =
              new Finding(
                  serverId,
                  FindingKind.valueOf(rows.getString("kind")),
                  rows.getString("name"),
                  rows.getObject("store_id", UUID.class),
                  rows.getString("expected"),
                  rows.getString("actual"),
                  rows.getTimestamp("first_seen_at").toInstant(),
                  rows.getTimestamp("last_seen_at").toInstant());
          found.put(key(f), f);
        }
      }
    }
    return found;
  }

  private void refreshGauges() {
    try (Connection master = connections.master().getConnection();
        PreparedStatement s =
            master.prepareStatement(
                "SELECT kind, count(*) AS n FROM reconciler_findings GROUP BY kind");
        ResultSet rows = s.executeQuery()) {
      Map<FindingKind, Long> counts = new EnumMap<>(FindingKind.class);
      while (rows.next()) {
        counts.put(FindingKind.valueOf(rows.getString("kind")), rows.getLong("n"));
      }
      gauges.forEach((kind, value) -> value.set(counts.getOrDefault(kind, 0L)));
    } catch (SQLException e) {
      LOG.warnf("Could not refresh the reconciler gauges: %s", e.getMessage());
    }
  }

  private static String key(Finding f) {
    return f.kind() + ":" + f.name();
  }

  private static MasterDataException unavailable(SQLException e) {
    return new MasterDataException(
        MasterError.MASTER_DATABASE_UNAVAILABLE,
        "Could not read or write the reconciler's findings: " + e.getMessage());
  }
}
