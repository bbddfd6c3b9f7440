package io.storeplane.provisioning.supabase.rest;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Rows read from a table, with the exact count of all matching rows when it was asked for.
 *
 * @param rows the rows, column name to JSON value (strings, numbers as Integer/Long/BigDecimal,
 *     booleans, maps and lists for JSON columns, null)
 * @param totalCount the count of every row matching the filters, ignoring limit and offset
 */
public record PostgrestPage(List<Map<String, Object>> rows, OptionalLong totalCount) {

  public PostgrestPage {
    rows = List.copyOf(rows);
  }
}
