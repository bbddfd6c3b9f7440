package io.storeplane.provisioning.connect.table;

import java.util.Objects;

/**
 * One sort key of a table query.
 *
 * @param column a column of the table
 * @param descending true for descending order
 */
public record Order(String column, boolean descending) {

  public Order {
    Objects.requireNonNull(column, "column");
  }

  public static Order asc(String column) {
    return new Order(column, false);
  }

  public static Order desc(String column) {
    return new Order(column, true);
  }
}
