package io.storeplane.clientschema.catalog;

/**
 * One way in which two catalogs disagree.
 *
 * @param table the table concerned
 * @param aspect what disagrees, e.g. {@code table}, {@code column slug}, {@code foreign key
 *     fk_orders_customer}
 * @param left what the left catalog has ({@code absent} when it has nothing)
 * @param right what the right catalog has ({@code absent} when it has nothing)
 */
public record CatalogDifference(String table, String aspect, String left, String right) {

  /** The marker for "this side has no such thing". */
  public static final String ABSENT = "absent";

  @Override
  public String toString() {
    return "%s: %s: %s vs %s".formatted(table, aspect, left, right);
  }
}
