package io.storeplane.api.page;

import io.storeplane.master.store.Page;
import java.util.List;

/**
 * One page of a listing.
 *
 * @param items rows on this page
 * @param page zero-based page index
 * @param size page size
 * @param totalItems rows across all pages
 * @param totalPages number of pages
 */
public record PageResponse<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

  public static <T> PageResponse<T> of(Page<T> page) {
    return new PageResponse<>(
        page.items(), page.page(), page.size(), page.totalItems(), page.totalPages());
  }
}
