package io.storeplane.api.connect;

import io.storeplane.provisioning.connect.table.RowPage;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of a store table.
 *
 * @param rows the rows, column name to value
 * @param limit the page size
 * @param offset the rows skipped
 * @param total every matching row, when {@code count=true} was asked; null otherwise
 */
@Schema(description = "One page of the rows of a store table that match the filters.")
public record DataPage(
    @Schema(
            required = true,
            type = SchemaType.ARRAY,
            implementation = StoreRow.class,
            description =
                "The rows in the asked order (then by `id`), each a JSON object of the table's"
                    + " columns (the store's schema) to their values.")
        List<Map<String, Object>> rows,
    @Schema(required = true, description = "The page size used.", example = "50") int limit,
    @Schema(required = true, description = "The rows skipped.", example = "0") int offset,
    @Schema(
            required = true,
            nullable = true,
            description =
                "How many rows match the filters in all, when asked with `count=true`; null"
                    + " otherwise.",
            example = "1")
        Long total) {

  static DataPage of(RowPage page) {
    return new DataPage(
        page.rows(),
        page.limit(),
        page.offset(),
        page.total().isPresent() ? page.total().getAsLong() : null);
  }
}
