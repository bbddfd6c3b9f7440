package io.storeplane.provisioning.connect.table;

import io.storeplane.clientschema.manifest.ColumnSpec;
import io.storeplane.clientschema.manifest.Manifest;
import io.storeplane.clientschema.manifest.TableSpec;
import io.storeplane.provisioning.connect.table.TableRequests.Assignment;
import io.storeplane.provisioning.connect.table.TableRequests.Condition;
import io.storeplane.provisioning.connect.table.TableRequests.Insert;
import io.storeplane.provisioning.connect.table.TableRequests.Match;
import io.storeplane.provisioning.connect.table.TableRequests.Read;
import io.storeplane.provisioning.connect.table.TableRequests.SortKey;
import io.storeplane.provisioning.connect.table.TableRequests.Update;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.StringJoiner;

/**
 * {@link StoreTables} over JDBC, for PostgreSQL and MySQL/MariaDB stores. The request is checked by
 * {@link TableRequests}; this class builds each statement from the manifest's table and column
 * names (quoted per dialect) and binds every value.
 */
public final class JdbcStoreTables implements StoreTables {

  private final SqlExecutor executor;
  private final SqlDialect dialect;
  private final TableRequests requests;

  /**
   * @param executor runs statements on the store's connections
   * @param dialect the store's dialect
   * @param manifest the client schema the store is at
   * @param maxPageSize the most rows one select may return
   */
  public JdbcStoreTables(
      SqlExecutor executor, SqlDialect dialect, Manifest manifest, int maxPageSize) {
    this.executor = executor;
    this.dialect = dialect;
    this.requests = new TableRequests(manifest, maxPageSize);
  }

  @Override
  public RowPage select(String table, TableQuery query) {
    Read read = requests.read(table, query);
    TableSpec spec = read.table();
    Where where = where(read.conditions());
    StringBuilder sql = new StringBuilder("SELECT ");
    StringJoiner columns = new StringJoiner(", ");
    spec.columns().forEach(c -> columns.add(dialect.quote(c.name())));
    sql.append(columns).append(" FROM ").append(dialect.quote(spec.name())).append(where.sql());
    sql.append(orderBy(read.order())).append(" LIMIT ? OFFSET ?");
    List<Object> parameters = new ArrayList<>(where.parameters());
    parameters.add(read.limit());
    parameters.add(read.offset());
    List<Map<String, Object>> rows =
        executor.execute(c -> rows(c, spec, sql.toString(), parameters));
    OptionalLong total = read.count() ? OptionalLong.of(count(spec, where)) : OptionalLong.empty();
    return new RowPage(rows, read.limit(), read.offset(), total);
  }

  @Override
  public long count(String table, List<Filter> filters) {
    Match match = requests.count(table, filters);
    return count(match.table(), where(match.conditions()));
  }

  @Override
  public Map<String, Object> insert(String table, Map<String, Object> values) {
    Insert insert = requests.insert(table, values);
    TableSpec spec = insert.table();
    StringJoiner names = new StringJoiner(", ", " (", ")");
    StringJoiner markers = new StringJoiner(", ", " VALUES (", ")");
    List<Object> parameters = new ArrayList<>();
    for (Assignment value : insert.values()) {
      names.add(dialect.quote(value.column().name()));
      markers.add(dialect.placeholder(value.column().kind()));
      parameters.add(value.value());
    }
    String sql = "INSERT INTO " + dialect.quote(spec.name()) + names + markers;
    executor.execute(c -> update(c, sql, parameters));
    if (insert.id().isEmpty()) {
      return insert.given();
    }
    List<Map<String, Object>> stored =
        select(spec.name(), TableQuery.all().where(Filter.eq("id", insert.id().get())).page(1, 0))
            .rows();
    return stored.isEmpty() ? insert.given() : stored.get(0);
  }

  @Override
  public int update(String table, List<Filter> filters, Map<String, Object> values) {
    Update update = requests.update(table, filters, values);
    StringJoiner set = new StringJoiner(", ", " SET ", "");
    List<Object> parameters = new ArrayList<>();
    for (Assignment value : update.values()) {
      ColumnSpec column = value.column();
      set.add(dialect.quote(column.name()) + " = " + dialect.placeholder(column.kind()));
      parameters.add(value.value());
    }
    Where where = where(update.conditions());
    parameters.addAll(where.parameters());
    String sql = "UPDATE " + dialect.quote(update.table().name()) + set + where.sql();
    return executor.execute(c -> update(c, sql, parameters));
  }

  @Override
  public int delete(String table, List<Filter> filters) {
    Match match = requests.delete(table, filters);
    Where where = where(match.conditions());
    String sql = "DELETE FROM " + dialect.quote(match.table().name()) + where.sql();
    return executor.execute(c -> update(c, sql, where.parameters()));
  }

  private long count(TableSpec spec, Where where) {
    String sql = "SELECT COUNT(*) FROM " + dialect.quote(spec.name()) + where.sql();
    return executor.execute(
        c -> {
          try (PreparedStatement statement = prepare(c, sql, where.parameters());
              ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
          }
        });
  }

  private List<Map<String, Object>> rows(
      Connection connection, TableSpec spec, String sql, List<Object> parameters)
      throws SQLException {
    try (PreparedStatement statement = prepare(connection, sql, parameters);
        ResultSet result = statement.executeQuery()) {
      List<Map<String, Object>> rows = new ArrayList<>();
      List<ColumnSpec> columns = spec.columns();
      while (result.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
          row.put(columns.get(i).name(), dialect.read(result, i + 1, columns.get(i).kind()));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  private int update(Connection connection, String sql, List<Object> parameters)
      throws SQLException {
    try (PreparedStatement statement = prepare(connection, sql, parameters)) {
      return statement.executeUpdate();
    }
  }

  private PreparedStatement prepare(Connection connection, String sql, List<Object> parameters)
      throws SQLException {
    return dialect.prepare(connection, sql, parameters, executor.queryTimeoutSeconds());
  }

  /** A WHERE clause (empty, or starting with a space) and its parameters in order. */
  private record Where(String sql, List<Object> parameters) {}

  private Where where(List<Condition> conditions) {
    if (conditions.isEmpty()) {
      return new Where("", List.of());
    }
    StringJoiner sql = new StringJoiner(" AND ", " WHERE ", "");
    List<Object> parameters = new ArrayList<>();
    for (Condition condition : conditions) {
      sql.add(condition(condition, parameters));
    }
    return new Where(sql.toString(), parameters);
  }

  private String condition(Condition condition, List<Object> parameters) {
    String name = dialect.quote(condition.column().name());
    return switch (condition.op()) {
      case IS_NULL -> name + ((Boolean) condition.operand() ? " IS NULL" : " IS NOT NULL");
      case IN -> {
        StringJoiner markers = new StringJoiner(", ", name + " IN (", ")");
        for (Object value : (List<?>) condition.operand()) {
          markers.add("?");
          parameters.add(value);
        }
        yield markers.toString();
      }
      case EQ -> compare(name, " = ?", condition, parameters);
      case NE -> compare(name, " <> ?", condition, parameters);
      case LT -> compare(name, " < ?", condition, parameters);
      case LTE -> compare(name, " <= ?", condition, parameters);
      case GT -> compare(name, " > ?", condition, parameters);
      case GTE -> compare(name, " >= ?", condition, parameters);
      case LIKE -> compare(name, " LIKE ?", condition, parameters);
    };
  }

  private static String compare(
      String name, String operator, Condition condition, List<Object> parameters) {
    parameters.add(condition.operand());
    return name + operator;
  }

  private String orderBy(List<SortKey> keys) {
    if (keys.isEmpty()) {
      return "";
    }
    StringJoiner sql = new StringJoiner(", ", " ORDER BY ", "");
    for (SortKey key : keys) {
      sql.add(dialect.quote(key.column().name()) + (key.descending() ? " DESC" : " ASC"));
    }
    return sql.toString();
  }
}
