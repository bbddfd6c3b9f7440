package io.storeplane.provisioning.supabase.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What to read from a table: columns ({@code select}), filters, order, limit and offset, and
 * whether to ask for the exact count. Immutable; the {@code with*} methods return copies.
 *
 * @param columns the columns to return; empty for all ({@code *})
 * @param filters filters, ANDed
 * @param orders order terms, most significant first
 * @param limit at most this many rows; empty for all (the layer pages past {@code max_rows})
 * @param offset rows to skip
 * @param exactCount whether to ask for {@code Prefer: count=exact}
 */
public record Query(
    List<String> columns,
    List<PostgrestFilter> filters,
    List<PostgrestOrder> orders,
    OptionalLong limit,
    long offset,
    boolean exactCount) {

  public Query {
    columns = List.copyOf(columns);
    columns.forEach(PostgrestIdentifiers::require);
    filters = List.copyOf(filters);
    orders = List.copyOf(orders);
    Objects.requireNonNull(limit, "limit");
    if (limit.isPresent() && limit.getAsLong() < 0 || offset < 0) {
      throw new IllegalArgumentException("limit and offset must not be negative");
    }
  }

  /** Every column, every row, no order, no count. */
  public static Query all() {
    return new Query(List.of(), List.of(), List.of(), OptionalLong.empty(), 0, false);
  }

  /** This query returning only {@code columns}. */
  public Query select(String... columns) {
    return new Query(List.of(columns), filters, orders, limit, offset, exactCount);
  }

  /** This query with {@code filter} added. */
  public Query where(PostgrestFilter filter) {
    List<PostgrestFilter> more = new ArrayList<>(filters);
    more.add(filter);
    return new Query(columns, more, orders, limit, offset, exactCount);
  }

  /** This query with {@code order} added as the least significant term. */
  public Query orderBy(PostgrestOrder order) {
    List<PostgrestOrder> more = new ArrayList<>(orders);
    more.add(order);
    return new Query(columns, filters, more, limit, offset, exactCount);
  }

  /** This query returning at most {@code limit} rows. */
  public Query limit(long limit) {
    return new Query(columns, filters, orders, OptionalLong.of(limit), offset, exactCount);
  }

  /** This query skipping {@code offset} rows. */
  public Query offset(long offset) {
    return new Query(columns, filters, orders, limit, offset, exactCount);
  }

  /** This query asking for the exact count of matching rows. */
  public Query withExactCount() {
    return new Query(columns, filters, orders, limit, offset, true);
  }
}
