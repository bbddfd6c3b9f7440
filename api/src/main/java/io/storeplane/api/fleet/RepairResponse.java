package io.storeplane.api.fleet;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a repair created, and the store's schema checked again afterwards.
 *
 * @param created the objects created, as {@code <object> <table>.<name>}
 * @param schema the store's schema after the repair
 */
@Schema(description = "What a repair created, and the store's schema afterwards.")
public record RepairResponse(
    @Schema(required = true, example = "[\"index products.ix_products_status_published\"]")
        List<String> created,
    @Schema(required = true) StoreSchemaResponse schema) {}
