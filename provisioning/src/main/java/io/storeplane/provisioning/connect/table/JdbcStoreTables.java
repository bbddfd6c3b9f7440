package io.storeplane.provisioning.connect.table;

import io.storeplane.clientschema.TypeKind;
import io.storeplane.clientschema.manifest.ColumnSpec;
import io.storeplane.clientschema.manifest.Manifest;
import io.storeplane.clientschema.manifest.TableSpec;
import io.storeplane.provisioning.ErrorCode;
import io.storeplane.provisioning.ProvisioningException;
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
import java.util.UUID;

/**
 * {@link StoreTables} over JDBC, for PostgreSQL and MySQL/MariaDB stores. Builds each statement
 * from the manifest's table and column names (quoted per dialect) and binds every value.
 */
public final class JdbcStoreTables implements StoreTables {

  /** The most values one {@code in} filter may list. */
  static final int MAX_IN_VALUES = 100;

  /** The furthest a page may start, so a deep offset cannot turn into a table scan per call. */
  static final int MAX_OFFSET = 100_000;

  private final SqlExecutor executor;
  private final SqlDialect dialect;
  private final Manifest manifest;
  private final int maxPageSize;

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
    this.manifest = manifest;
    this.maxPageSize = maxPageSize;
  }

  @Override
  public RowPage select(String table, TableQuery query) {
    TableSpec spec = table(table);
    int limit =
        query.limit() == 0 ? Math.min(TableQuery.DEFAULT_LIMIT, maxPageSize) : query.limit();
    if (limit < 1 || limit > maxPageSize) {
      throw invalid("limit must be between 1 and " + maxPageSize + ", was " + query.limit());
    }
    if (query.offset() < 0 || query.offset() > MAX_OFFSET) {
      throw invalid("offset must be between 0 and " + MAX_OFFSET + ", was " + query.offset());
    }
    Where where = where(spec, query.filters());
    StringBuilder sql = new StringBuilder("SELECT ");
    StringJoiner columns = new StringJoiner(", ");
    spec.columns().forEach(c -> columns.add(dialect.quote(c.name())));
    sql.append(columns).append(" FROM ").append(dialect.quote(spec.name())).append(where.sql());
    sql.append(orderBy(spec, query.orders())).append(" LIMIT ? OFFSET ?");
    List<Object> parameters = new ArrayList<>(where.parameters());
    parameters.add(limit);
    parameters.add(query.offset());
    List<Map<String, Object>> rows =
        executor.execute(c -> rows(c, spec, sql.toString(), parameters));
    OptionalLong total = query.count() ? OptionalLong.of(count(spec, where)) : OptionalLong.empty();
    return new RowPage(rows, limit, query.offset(), total);
  }

  @Override
  public long count(String table, List<Filter> filters) {
    TableSpec spec = table(table);
    return count(spec, where(spec, filters));
  }

  @Override
  public Map<String, Object> insert(String table, Map<String, Object> values) {
    TableSpec spec = table(table);
    Map<String, Object> row = new LinkedHashMap<>(values);
    boolean uuidKey = spec.column("id").map(column -> column.kind() == TypeKind.UUID).orElse(false);
    if (uuidKey && row.get("id") == null) {
      row.put("id", UUID.randomUUID());
    }
    if (row.isEmpty()) {
      throw invalid("an insert needs at least one column value");
    }
    StringJoiner names = new StringJoiner(", ", " (", ")");
    StringJoiner markers = new StringJoiner(", ", " VALUES (", ")");
    List<Object> parameters = new ArrayList<>();
    for (Map.Entry<String, Object> entry : row.entrySet()) {
      ColumnSpec column = column(spec, entry.getKey());
      names.add(dialect.quote(column.name()));
      markers.add(dialect.placeholder(column.kind()));
      parameters.add(ColumnValues.convert(spec, column, entry.getValue()));
    }
    String sql = "INSERT INTO " + dialect.quote(spec.name()) + names + markers;
    executor.execute(c -> update(c, sql, parameters));
    if (!uuidKey) {
      return row;
    }
    Object id = ColumnValues.convert(spec, column(spec, "id"), row.get("id"));
    List<Map<String, Object>> stored =
        select(spec.name(), TableQuery.all().where(Filter.eq("id", id)).page(1, 0)).rows();
    return stored.isEmpty() ? row : stored.get(0);
  }

  @Override
  public int update(String table, List<Filter> filters, Map<String, Object> values) {
    TableSpec spec = table(table);
    requireFilters(filters, "an update");
    if (values.isEmpty()) {
      throw invalid("an update needs at least one column value");
    }
    StringJoiner set = new StringJoiner(", ", " SET ", "");
    List<Object> parameters = new ArrayList<>();
    for (Map.Entry<String, Object> entry : values.entrySet()) {
      ColumnSpec column = column(spec, entry.getKey());
      set.add(dialect.quote(column.name()) + " = " + dialect.placeholder(column.kind()));
      parameters.add(ColumnValues.convert(spec, column, entry.getValue()));
    }
    Where where = where(spec, filters);
    parameters.addAll(where.parameters());
    String sql = "UPDATE " + dialect.quote(spec.name()) + set + where.sql();
    return executor.execute(c -> update(c, sql, parameters));
  }

  @Override
  public int delete(String table, List<Filter> filters) {
    TableSpec spec = table(table);
    requireFilters(filters, "a delete");
    Where where = where(spec, filters);
    String sql = "DELETE FROM " + dialect.quote(spec.name()) + where.sql();
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

  private Where where(TableSpec spec, List<Filter> filters) {
    if (filters.isEmpty()) {
      return new Where("", List.of());
    }
    StringJoiner conditions = new StringJoiner(" AND ", " WHERE ", "");
    List<Object> parameters = new ArrayList<>();
    for (Filter filter : filters) {
      conditions.add(condition(spec, filter, parameters));
    }
    return new Where(conditions.toString(), parameters);
  }

  private String condition(TableSpec spec, Filter filter, List<Object> parameters) {
    ColumnSpec column = column(spec, filter.column());
    String name = dialect.quote(column.name());
    if (filter.op() == Filter.Op.IS_NULL) {
      boolean isNull = (Boolean) ColumnValues.convert(spec, BOOLEAN_OPERAND, filter.value());
      return name + (isNull ? " IS NULL" : " IS NOT NULL");
    }
    if (column.kind() == TypeKind.JSON || column.kind() == TypeKind.OTHER) {
      throw ColumnValues.invalid(spec, column, "can only be filtered with is-null");
    }
    if (filter.op() == Filter.Op.IN) {
      if (!(filter.value() instanceof List<?> values) || values.isEmpty()) {
        throw ColumnValues.invalid(spec, column, "needs a non-empty list for 'in'");
      }
      if (values.size() > MAX_IN_VALUES) {
        throw ColumnValues.invalid(
            spec, column, "may list at most " + MAX_IN_VALUES + " values for 'in'");
      }
      StringJoiner markers = new StringJoiner(", ", name + " IN (", ")");
      for (Object value : values) {
        markers.add("?");
        parameters.add(operand(spec, column, value));
      }
      return markers.toString();
    }
    if (filter.op() == Filter.Op.LIKE
        && column.kind() != TypeKind.STRING
        && column.kind() != TypeKind.TEXT) {
      throw ColumnValues.invalid(spec, column, "is not text; 'like' needs a text column");
    }
    parameters.add(operand(spec, column, filter.value()));
    String operator =
        switch (filter.op()) {
          case EQ -> " = ?";
          case NE -> " <> ?";
          case LT -> " < ?";
          case LTE -> " <= ?";
          case GT -> " > ?";
          case GTE -> " >= ?";
          case LIKE -> " LIKE ?";
          case IN, IS_NULL -> throw new IllegalStateException("handled above");
        };
    return name + operator;
  }

  private static Object operand(TableSpec spec, ColumnSpec column, Object value) {
    if (value == null) {
      throw ColumnValues.invalid(spec, column, "cannot be compared with null; use is-null");
    }
    return ColumnValues.convert(spec, column, value);
  }

  private static final ColumnSpec BOOLEAN_OPERAND =
      new ColumnSpec("is-null", TypeKind.BOOLEAN, false);

  private String orderBy(TableSpec spec, List<Order> orders) {
    List<Order> keys = orders;
    if (keys.isEmpty()) {
      keys = spec.column("id").isPresent() ? List.of(Order.asc("id")) : List.of();
    }
    if (keys.isEmpty()) {
      return "";
    }
    StringJoiner sql = new StringJoiner(", ", " ORDER BY ", "");
    for (Order order : keys) {
      ColumnSpec column = column(spec, order.column());
      if (column.kind() == TypeKind.JSON || column.kind() == TypeKind.OTHER) {
        throw ColumnValues.invalid(spec, column, "cannot be sorted on");
      }
      sql.add(dialect.quote(column.name()) + (order.descending() ? " DESC" : " ASC"));
    }
    return sql.toString();
  }

  private TableSpec table(String name) {
    return manifest
        .table(name)
        .orElseThrow(
            () ->
                new ProvisioningException(
                    ErrorCode.UNKNOWN_TABLE,
                    "The store schema has no table '%s'.".formatted(shorten(name))));
  }

  private static ColumnSpec column(TableSpec spec, String name) {
    return spec.column(name)
        .orElseThrow(
            () ->
                new ProvisioningException(
                    ErrorCode.UNKNOWN_COLUMN,
                    "Table %s has no column '%s'.".formatted(spec.name(), shorten(name))));
  }

  private static void requireFilters(List<Filter> filters, String what) {
    if (filters.isEmpty()) {
      throw invalid(what + " needs at least one filter; a whole table is never changed at once");
    }
  }

  private static ProvisioningException invalid(String message) {
    return new ProvisioningException(
        ErrorCode.INVALID_DATA_REQUEST, "Invalid request: " + message + ".");
  }

  private static String shorten(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "...";
  }
}
