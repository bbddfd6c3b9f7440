package io.storeplane.api.usage;

import io.storeplane.billing.report.UsageRow;
import io.storeplane.master.store.Page;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of usage rows, in the shape of every paged listing. */
@Schema(description = "One page of usage rows, ordered by store and period.")
public record UsagePage(
    @Schema(required = true, description = "Rows on this page") List<UsageRowResponse> items,
    @Schema(required = true, description = "Zero-based page index", example = "0") int page,
    @Schema(required = true, description = "Page size", example = "100") int size,
    @Schema(required = true, description = "Rows across all pages", example = "42") long totalItems,
    @Schema(required = true, description = "Number of pages", example = "1") int totalPages) {

  static UsagePage of(Page<UsageRow> page) {
    return new UsagePage(
        page.items().stream().map(UsageRowResponse::of).toList(),
        page.page(),
        page.size(),
        page.totalItems(),
        page.totalPages());
  }
}
