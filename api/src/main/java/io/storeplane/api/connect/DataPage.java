package io.storeplane.api.connect;

import io.storeplane.provisioning.connect.table.RowPage;
import java.util.List;
import java.util.Map;

/**
 * One page of a store table.
 *
 * @param rows the rows, column name to value
 * @param limit the page size
 * @param offset the rows skipped
 * @param total every matching row, when {@code count=true} was asked; null otherwise
 */
public record DataPage(List<Map<String, Object>> rows, int limit, int offset, Long total) {

  static DataPage of(RowPage page) {
    return new DataPage(
        page.rows(),
        page.limit(),
        page.offset(),
        page.total().isPresent() ? page.total().getAsLong() : null);
  }
}
