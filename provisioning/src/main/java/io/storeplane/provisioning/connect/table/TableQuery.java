package io.storeplane.provisioning.connect.table;

import java.util.List;

/**
 * A select on one table: filters (all must hold), sort keys, a page, and whether to count every
 * matching row as well.
 *
 * @param filters conditions joined with AND
 * @param orders sort keys; none sorts by {@code id} when the table has one, so pages are stable
 * @param limit the page size, 1 to the configured maximum; 0 for the default ({@value
 *     #DEFAULT_LIMIT}, or the maximum when that is smaller)
 * @param offset rows to skip
 * @param count whether to return the number of all matching rows too
 */
public record TableQuery(
    List<Filter> filters, List<Order> orders, int limit, int offset, boolean count) {

  /** The page size when none is asked for. */
  public static final int DEFAULT_LIMIT = 50;

  public TableQuery {
    filters = List.copyOf(filters);
    orders = List.copyOf(orders);
  }

  /** The first page of the default size, unfiltered, without a count. */
  public static TableQuery all() {
    return new TableQuery(List.of(), List.of(), 0, 0, false);
  }

  public TableQuery where(Filter... more) {
    return new TableQuery(concat(filters, List.of(more)), orders, limit, offset, count);
  }

  public TableQuery orderBy(Order... more) {
    return new TableQuery(filters, concat(orders, List.of(more)), limit, offset, count);
  }

  public TableQuery page(int newLimit, int newOffset) {
    return new TableQuery(filters, orders, newLimit, newOffset, count);
  }

  public TableQuery withCount() {
    return new TableQuery(filters, orders, limit, offset, true);
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
