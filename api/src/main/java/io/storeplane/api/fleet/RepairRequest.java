package io.storeplane.api.fleet;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A confirmed repair of a store's additive drift.
 *
 * @param confirm exactly the repairable differences the drift report shows, each as {@code <object>
 *     <table>.<name>}
 */
@Schema(description = "A confirmed repair of a store's additive drift (missing indexes).")
public record RepairRequest(
    @Schema(
            required = true,
            description =
                "Exactly the repairable differences `GET /api/v1/stores/{id}/schema` shows now,"
                    + " each as `<object> <table>.<name>`",
            example = "[\"index products.ix_products_status_published\"]")
        @NotNull
        @Size(min = 1, max = 1000)
        List<@NotNull @Size(max = 300) String> confirm) {}
