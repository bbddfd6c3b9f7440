package io.storeplane.provisioning.connect.table;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One page of rows. Each row maps the manifest's column names to Java values: {@link
 * java.util.UUID}, {@link String}, {@link Integer}, {@link Long}, {@link java.math.BigDecimal},
 * {@link Boolean}, {@link java.time.Instant}, {@link java.time.LocalDate}, or for JSON columns the
 * parsed value (maps, lists, strings, numbers, booleans).
 *
 * @param rows the rows, in the query's order
 * @param limit the page size asked for
 * @param offset the rows skipped
 * @param total every matching row, when the query asked for a count
 */
public record RowPage(List<Map<String, Object>> rows, int limit, int offset, OptionalLong total) {

  public RowPage {
    rows = List.copyOf(rows);
  }
}
