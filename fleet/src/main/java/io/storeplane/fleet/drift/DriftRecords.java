package io.storeplane.fleet.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import io.storeplane.master.store.Page;
import io.storeplane.provisioning.connect.ConnectionManager;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The master's record of the last schema check of every store ({@code store_schema_drift}, master
 * V11): one row per store, replaced by each check. The only writer and reader of that table.
 */
@ApplicationScoped
public class DriftRecords {

  private static final String UPSERT =
      "INSERT INTO store_schema_drift (store_id, checked_at, schema_version, state, differences,"
          + " own_tables, error_code, error_detail) VALUES (?, ?, ?, ?, CAST(? AS jsonb),"
          + " CAST(? AS jsonb), ?, ?) ON CONFLICT (store_id) DO UPDATE SET"
          + " checked_at = EXCLUDED.checked_at, schema_version = EXCLUDED.schema_version,"
          + " state = EXCLUDED.state, differences = EXCLUDED.differences,"
          + " own_tables = EXCLUDED.own_tables, error_code = EXCLUDED.error_code,"
          + " error_detail = EXCLUDED.error_detail"
          + " WHERE store_schema_drift.checked_at <= EXCLUDED.checked_at";

  private static final String SELECT =
      "SELECT d.store_id, s.slug, d.checked_at, d.schema_version, d.state, d.differences::text AS"
          + " differences, d.own_tables::text AS own_tables, d.error_code, d.error_detail"
          + " FROM store_schema_drift d JOIN stores s ON s.id = d.store_id"
          + " WHERE s.status <> 'DELETED'";

  private static final TypeReference<List<SchemaDifference>> DIFFERENCES = new TypeReference<>() {};
  private static final TypeReference<List<String>> NAMES = new TypeReference<>() {};

  private final ConnectionManager connections;
  private final ObjectMapper json = new ObjectMapper();

  DriftRecords(ConnectionManager connections) {
    this.connections = connections;
  }

  /** Records a completed check. */
  public void record(SchemaDrift drift) {
    write(
        drift.storeId(),
        drift.checkedAt(),
        drift.version(),
        drift.state(),
        drift.differences(),
        drift.ownTables(),
        null,
        null);
  }

  /** Records a check that could not reach or read the store's database. */
  public void recordUnreachable(
      UUID storeId, java.time.Instant checkedAt, String errorCode, String errorDetail) {
    write(
        storeId,
        checkedAt,
        null,
        DriftState.UNREACHABLE,
        List.of(),
        List.of(),
        errorCode,
        errorDetail);
  }

  /** The last check of {@code storeId}, if it was ever checked. */
  public Optional<DriftRecord> find(UUID storeId) {
    return query(SELECT + " AND d.store_id = ?", List.of(storeId)).stream().findFirst();
  }

  /** One page of the last checks, by store slug, optionally of one state only. */
  public Page<DriftRecord> list(Optional<DriftState> state, int page, int size) {
    String where = state.map(s -> " AND d.state = ?").orElse("");
    List<Object> args = new ArrayList<>();
    state.ifPresent(s -> args.add(s.name()));
    long total = count(where, args);
    List<Object> paged = new ArrayList<>(args);
    paged.add(size);
    paged.add((long) page * size);
    List<DriftRecord> items =
        query(SELECT + where + " ORDER BY s.slug, d.store_id LIMIT ? OFFSET ?", paged);
    return new Page<>(items, page, size, total);
  }

  /** How many stores' last check found each state (of stores not deleted). */
  public Map<DriftState, Long> counts() {
    Map<DriftState, Long> counts = new EnumMap<>(DriftState.class);
    for (DriftState state : DriftState.values()) {
      counts.put(state, 0L);
    }
    try (Connection c = connections.master().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT d.state, count(*) AS n FROM store_schema_drift d JOIN stores s"
                    + " ON s.id = d.store_id WHERE s.status <> 'DELETED' GROUP BY d.state");
        ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        counts.put(DriftState.valueOf(rows.getString("state")), rows.getLong("n"));
      }
    } catch (SQLException e) {
      throw unavailable("count the schema checks", e);
    }
    return counts;
  }

  private long count(String where, List<Object> args) {
    String sql =
        "SELECT count(*) FROM store_schema_drift d JOIN stores s ON s.id = d.store_id"
            + " WHERE s.status <> 'DELETED'"
            + where;
    try (Connection c = connections.master().getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, args);
      try (ResultSet rows = s.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw unavailable("count the schema checks", e);
    }
  }

  private List<DriftRecord> query(String sql, List<Object> args) {
    try (Connection c = connections.master().getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, args);
      List<DriftRecord> out = new ArrayList<>();
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          Integer version = rows.getObject("schema_version", Integer.class);
          out.add(
              new DriftRecord(
                  rows.getObject("store_id", UUID.class),
                  rows.getString("slug"),
                  rows.getTimestamp("checked_at").toInstant(),
                  version,
                  DriftState.valueOf(rows.getString("state")),
                  json.readValue(rows.getString("differences"), DIFFERENCES),
                  json.readValue(rows.getString("own_tables"), NAMES),
                  rows.getString("error_code"),
                  rows.getString("error_detail")));
        }
      }
      return out;
    } catch (SQLException | JsonProcessingException e) {
      throw unavailable("read the schema checks", e);
    }
  }

  private void write(
      UUID storeId,
      java.time.Instant checkedAt,
      Integer version,
      DriftState state,
      List<SchemaDifference> differences,
      List<String> ownTables,
      String errorCode,
      String errorDetail) {
    try (Connection c = connections.master().getConnection();
        PreparedStatement s = c.prepareStatement(UPSERT)) {
      s.setObject(1, storeId);
      s.setTimestamp(2, Timestamp.from(checkedAt));
      s.setObject(3, version);
      s.setString(4, state.name());
      s.setString(5, json.writeValueAsString(differences));
      s.setString(6, json.writeValueAsString(ownTables));
      s.setString(7, errorCode);
      s.setString(8, errorDetail);
      s.executeUpdate();
    } catch (SQLException | JsonProcessingException e) {
      throw unavailable("record the schema check of store " + storeId, e);
    }
  }

  private static void bind(PreparedStatement s, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      s.setObject(i + 1, args.get(i));
    }
  }

  private static MasterDataException unavailable(String what, Exception e) {
    return new MasterDataException(
        MasterError.MASTER_DATABASE_UNAVAILABLE, "Could not " + what + ": " + e.getMessage());
  }
}
