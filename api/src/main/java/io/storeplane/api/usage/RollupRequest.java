package io.storeplane.api.usage;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /api/v1/usage/rollups}.
 *
 * @param day the UTC day to roll up (ISO date), today or before
 * @param storeIds the stores; left out: every store with an active database
 */
@Schema(description = "A request to roll up one UTC day of store usage.")
public record RollupRequest(
    @Schema(
            description = "The UTC day (ISO date, `YYYY-MM-DD`), today or earlier",
            example = "2026-12-04",
            format = "date")
        @NotBlank
        String day,
    @Schema(
            description =
                "The stores to roll up (at most 1,000). Left out: every store with an active"
                    + " database",
            example = "[\"3f2a9c1e-8b7d-4e6f-a5c4-1d2e3f4a5b6c\"]")
        @Size(min = 1, max = 1000)
        List<@NotBlank String> storeIds) {}
