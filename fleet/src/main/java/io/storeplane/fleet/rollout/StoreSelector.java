package io.storeplane.fleet.rollout;

import io.storeplane.error.FieldFailure;
import io.storeplane.fleet.FleetError;
import io.storeplane.fleet.FleetException;
import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import io.storeplane.master.store.DatabaseType;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Resolves a {@link StoreSelection} to the stores it names, with the schema version the ledger
 * knows for each (no store database is opened). Only stores whose database is active are selected,
 * oldest first, so a rollout's canary is its oldest stores. Names that do not exist (a plan, an
 * engine, a server, a store id) are the caller's mistake, reported by field rather than matching
 * nothing.
 */
@ApplicationScoped
public class StoreSelector {

  private static final String SELECT =
      "SELECT s.id, s.slug, COALESCE(c.schema_version, 0) AS schema_version FROM stores s"
          + " LEFT JOIN store_schema_current c ON c.store_id = s.id"
          + " WHERE s.status <> 'DELETED' AND s.database_status = 'ACTIVE'"
          + " AND (cardinality(?::varchar[]) = 0 OR s.plan_code = ANY(?::varchar[]))"
          + " AND (cardinality(?::varchar[]) = 0 OR s.database_type = ANY(?::varchar[]))"
          + " AND (cardinality(?::uuid[]) = 0 OR s.database_server_id = ANY(?::uuid[]))"
          + " AND (cardinality(?::uuid[]) = 0 OR s.id = ANY(?::uuid[]))"
          + " AND NOT (s.id = ANY(?::uuid[]))"
          + " ORDER BY s.created_at, s.id";

  /** A selected store and its schema version as the ledger knows it (0: none recorded). */
  public record SelectedStore(UUID storeId, String slug, int schemaVersion) {}

  private final DataSource master;

  StoreSelector(DataSource master) {
    this.master = master;
  }

  /**
   * The selected stores, oldest first.
   *
   * @throws FleetException {@code rollout-invalid} naming the field when the selection names a
   *     plan, engine, server or store that does not exist
   */
  public List<SelectedStore> resolve(StoreSelection selection) {
    List<String> types = types(selection.engines());
    try (Connection c = master.getConnection()) {
      requireKnown(c, "selector.plans", "SELECT code FROM plans", selection.plans());
      requireKnownIds(
          c, "selector.servers", "SELECT id FROM database_servers", selection.servers());
      requireKnownIds(
          c,
          "selector.storeIds",
          "SELECT id FROM stores WHERE status <> 'DELETED'",
          selection.storeIds());
      try (PreparedStatement s = c.prepareStatement(SELECT)) {
        Array plans = c.createArrayOf("varchar", selection.plans().toArray());
        Array engines = c.createArrayOf("varchar", types.toArray());
        Array servers = c.createArrayOf("uuid", selection.servers().toArray());
        Array ids = c.createArrayOf("uuid", selection.storeIds().toArray());
        s.setArray(1, plans);
        s.setArray(2, plans);
        s.setArray(3, engines);
        s.setArray(4, engines);
        s.setArray(5, servers);
        s.setArray(6, servers);
        s.setArray(7, ids);
        s.setArray(8, ids);
        s.setArray(9, c.createArrayOf("uuid", selection.excludedStoreIds().toArray()));
        List<SelectedStore> selected = new ArrayList<>();
        try (ResultSet rows = s.executeQuery()) {
          while (rows.next()) {
            selected.add(
                new SelectedStore(
                    rows.getObject("id", UUID.class),
                    rows.getString("slug"),
                    rows.getInt("schema_version")));
          }
        }
        return selected;
      }
    } catch (SQLException e) {
      throw new MasterDataException(
          MasterError.MASTER_DATABASE_UNAVAILABLE, "Could not select the stores of a rollout");
    }
  }

  private static List<String> types(List<String> engines) {
    List<String> types = new ArrayList<>();
    for (String engine : engines) {
      DatabaseType type =
          DatabaseType.fromWireName(engine == null ? "" : engine.toLowerCase(Locale.ROOT))
              .orElseThrow(
                  () ->
                      new FleetException(
                          FleetError.ROLLOUT_INVALID,
                          new FieldFailure("selector.engines", "unknown database type"),
                          " "
                              + quoted(engine)
                              + "; one of managed-postgresql, managed-mysql, postgresql, mysql,"
                              + " supabase"));
      types.add(type.name());
    }
    return types;
  }

  private static void requireKnown(Connection c, String field, String sql, List<String> names)
      throws SQLException {
    if (names.isEmpty()) {
      return;
    }
    Set<String> known = new HashSet<>();
    try (PreparedStatement s = c.prepareStatement(sql);
        ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        known.add(rows.getString(1));
      }
    }
    for (String name : names) {
      if (!known.contains(name)) {
        throw new FleetException(
            FleetError.ROLLOUT_INVALID, new FieldFailure(field, "unknown"), " " + quoted(name));
      }
    }
  }

  private static void requireKnownIds(Connection c, String field, String sql, List<UUID> ids)
      throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            sql + (sql.contains("WHERE") ? " AND" : " WHERE") + " id = ANY(?::uuid[])")) {
      s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
      Set<UUID> known = new HashSet<>();
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          known.add(rows.getObject(1, UUID.class));
        }
      }
      for (UUID id : ids) {
        if (!known.contains(id)) {
          throw new FleetException(
              FleetError.ROLLOUT_INVALID, new FieldFailure(field, "unknown"), " " + id);
        }
      }
    }
  }

  private static String quoted(String name) {
    String shown = name == null ? "null" : name;
    return "'" + (shown.length() > 64 ? shown.substring(0, 64) + "..." : shown) + "'";
  }
}
