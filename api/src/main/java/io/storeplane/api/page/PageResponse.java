package io.storeplane.api.page;

import io.storeplane.master.store.Page;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of a listing.
 *
 * @param items rows on this page
 * @param page zero-based page index
 * @param size page size
 * @param totalItems rows across all pages
 * @param totalPages number of pages
 */
public record PageResponse<T>(
    @Schema(required = true, description = "Rows on this page") List<T> items,
    @Schema(required = true, description = "Zero-based page index", example = "0") int page,
    @Schema(required = true, description = "Page size", example = "20") int size,
    @Schema(required = true, description = "Rows across all pages", example = "42") long totalItems,
    @Schema(required = true, description = "Number of pages", example = "3") int totalPages) {

  public static <T> PageResponse<T> of(Page<T> page) {
    return new PageResponse<>(
        page.items(), page.page(), page.size(), page.totalItems(), page.totalPages());
  }
}
