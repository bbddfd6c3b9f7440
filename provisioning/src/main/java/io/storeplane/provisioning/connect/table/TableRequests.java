package io.storeplane.provisioning.connect.table;

import io.storeplane.clientschema.TypeKind;
import io.storeplane.clientschema.manifest.ColumnSpec;
import io.storeplane.clientschema.manifest.Manifest;
import io.storeplane.clientschema.manifest.TableSpec;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a table-API call means once checked against the client schema manifest, the same for every
 * backend: the table and columns by the manifest's spelling, the page within its bounds, every
 * value converted to its column's kind ({@link ColumnValues}). {@link JdbcStoreTables} renders the
 * result as SQL and {@link PostgrestStoreTables} as PostgREST requests, so both refuse the same
 * requests with the same codes, in the same order, before anything reaches the store.
 */
final class TableRequests {

  /** The most values one {@code in} filter may list. */
  static final int MAX_IN_VALUES = 100;

  /** The furthest a page may start, so a deep offset cannot turn into a table scan per call. */
  static final int MAX_OFFSET = 100_000;

  private static final ColumnSpec BOOLEAN_OPERAND =
      new ColumnSpec("is-null", TypeKind.BOOLEAN, false);

  private final Manifest manifest;
  private final int maxPageSize;

  /**
   * @param manifest the client schema the store is at
   * @param maxPageSize the most rows one select may return
   */
  TableRequests(Manifest manifest, int maxPageSize) {
    this.manifest = manifest;
    this.maxPageSize = maxPageSize;
  }

  /**
   * A checked filter. The operand is converted to the column's kind: one value, a non-empty list
   * for {@link Filter.Op#IN}, or for {@link Filter.Op#IS_NULL} a boolean ({@code true}: IS NULL).
   */
  record Condition(ColumnSpec column, Filter.Op op, Object operand) {}

  /** A checked sort key. */
  record SortKey(ColumnSpec column, boolean descending) {}

  /**
   * A column and the value to write, converted to the column's kind; JSON as JSON text, which each
   * backend embeds as a JSON value.
   */
  record Assignment(ColumnSpec column, Object value) {}

  /** A checked select. */
  record Read(
      TableSpec table,
      List<Condition> conditions,
      List<SortKey> order,
      int limit,
      int offset,
      boolean count) {}

  /** A checked count or delete: the rows matching every condition. */
  record Match(TableSpec table, List<Condition> conditions) {}

  /**
   * A checked insert.
   *
   * @param given the caller's values plus the generated id, as the insert returns them when the
   *     table has no UUID id to read the stored row back by
   * @param id the row's converted id, when the table has a UUID id
   */
  record Insert(
      TableSpec table, Map<String, Object> given, List<Assignment> values, Optional<UUID> id) {}

  /** A checked update. */
  record Update(TableSpec table, List<Assignment> values, List<Condition> conditions) {}

  Read read(String table, TableQuery query) {
    TableSpec spec = table(table);
    int limit =
        query.limit() == 0 ? Math.min(TableQuery.DEFAULT_LIMIT, maxPageSize) : query.limit();
    if (limit < 1 || limit > maxPageSize) {
      throw invalid("limit must be between 1 and " + maxPageSize);
    }
    if (query.offset() < 0 || query.offset() > MAX_OFFSET) {
      throw invalid("offset must be between 0 and " + MAX_OFFSET);
    }
    List<Condition> conditions = conditions(spec, query.filters());
    return new Read(
        spec, conditions, sortKeys(spec, query.orders()), limit, query.offset(), query.count());
  }

  Match count(String table, List<Filter> filters) {
    TableSpec spec = table(table);
    return new Match(spec, conditions(spec, filters));
  }

  Insert insert(String table, Map<String, Object> values) {
    TableSpec spec = table(table);
    Map<String, Object> row = new LinkedHashMap<>(values);
    boolean uuidKey = spec.column("id").map(column -> column.kind() == TypeKind.UUID).orElse(false);
    if (uuidKey && row.get("id") == null) {
      row.put("id", UUID.randomUUID());
    }
    if (row.isEmpty()) {
      throw invalid("an insert needs at least one column value");
    }
    List<Assignment> assignments = assignments(spec, row);
    Optional<UUID> id =
        uuidKey
            ? Optional.of((UUID) ColumnValues.convert(spec, column(spec, "id"), row.get("id")))
            : Optional.empty();
    return new Insert(spec, row, assignments, id);
  }

  Update update(String table, List<Filter> filters, Map<String, Object> values) {
    TableSpec spec = table(table);
    requireFilters(filters, "an update");
    if (values.isEmpty()) {
      throw invalid("an update needs at least one column value");
    }
    List<Assignment> assignments = assignments(spec, values);
    return new Update(spec, assignments, conditions(spec, filters));
  }

  Match delete(String table, List<Filter> filters) {
    TableSpec spec = table(table);
    requireFilters(filters, "a delete");
    return new Match(spec, conditions(spec, filters));
  }

  private List<Assignment> assignments(TableSpec spec, Map<String, Object> values) {
    List<Assignment> assignments = new ArrayList<>();
    for (Map.Entry<String, Object> entry : values.entrySet()) {
      ColumnSpec column = column(spec, entry.getKey());
      assignments.add(new Assignment(column, ColumnValues.convert(spec, column, entry.getValue())));
    }
    return assignments;
  }

  private static List<Condition> conditions(TableSpec spec, List<Filter> filters) {
    List<Condition> conditions = new ArrayList<>();
    for (Filter filter : filters) {
      conditions.add(condition(spec, filter));
    }
    return conditions;
  }

  private static Condition condition(TableSpec spec, Filter filter) {
    ColumnSpec column = column(spec, filter.column());
    if (filter.op() == Filter.Op.IS_NULL) {
      return new Condition(
          column, filter.op(), ColumnValues.convert(spec, BOOLEAN_OPERAND, filter.value()));
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
      List<Object> operands = new ArrayList<>();
      for (Object value : values) {
        operands.add(operand(spec, column, value));
      }
      return new Condition(column, filter.op(), List.copyOf(operands));
    }
    if (filter.op() == Filter.Op.LIKE
        && column.kind() != TypeKind.STRING
        && column.kind() != TypeKind.TEXT) {
      throw ColumnValues.invalid(spec, column, "is not text; 'like' needs a text column");
    }
    if (filter.op() == Filter.Op.LIKE && String.valueOf(filter.value()).indexOf('*') >= 0) {
      // PostgREST reads '*' as its wildcard and has no escape for it: refused on every backend so
      // that one pattern matches the same rows everywhere.
      throw ColumnValues.invalid(spec, column, "cannot match a literal '*' with 'like'");
    }
    return new Condition(column, filter.op(), operand(spec, column, filter.value()));
  }

  private static Object operand(TableSpec spec, ColumnSpec column, Object value) {
    if (value == null) {
      throw ColumnValues.invalid(spec, column, "cannot be compared with null; use is-null");
    }
    return ColumnValues.convert(spec, column, value);
  }

  /**
   * The caller's sort keys, then {@code id} when the table has one and the caller did not sort by
   * it: rows that tie on the caller's keys keep one order from page to page, on every backend.
   */
  private static List<SortKey> sortKeys(TableSpec spec, List<Order> orders) {
    List<SortKey> keys = new ArrayList<>();
    boolean byId = false;
    for (Order order : orders) {
      ColumnSpec column = column(spec, order.column());
      if (column.kind() == TypeKind.JSON || column.kind() == TypeKind.OTHER) {
        throw ColumnValues.invalid(spec, column, "cannot be sorted on");
      }
      keys.add(new SortKey(column, order.descending()));
      byId |= column.name().equals("id");
    }
    Optional<ColumnSpec> id = spec.column("id");
    if (id.isPresent() && !byId) {
      keys.add(new SortKey(id.get(), false));
    }
    return List.copyOf(keys);
  }

  private TableSpec table(String name) {
    return manifest
        .table(name)
        .orElseThrow(
            () ->
                new ProvisioningException(
                    ProvisioningError.UNKNOWN_TABLE,
                    "The store schema has no table '%s'.".formatted(shorten(name)),
                    "The store schema has no such table.",
                    List.of(),
                    null));
  }

  private static ColumnSpec column(TableSpec spec, String name) {
    return spec.column(name)
        .orElseThrow(
            () ->
                new ProvisioningException(
                    ProvisioningError.UNKNOWN_COLUMN,
                    "Table %s has no column '%s'.".formatted(spec.name(), shorten(name))));
  }

  private static void requireFilters(List<Filter> filters, String what) {
    if (filters.isEmpty()) {
      throw invalid(what + " needs at least one filter; a whole table is never changed at once");
    }
  }

  private static ProvisioningException invalid(String message) {
    return new ProvisioningException(
        ProvisioningError.INVALID_DATA_REQUEST, "Invalid request: " + message + ".");
  }

  private static String shorten(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "...";
  }
}
