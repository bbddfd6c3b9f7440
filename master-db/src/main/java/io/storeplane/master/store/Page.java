package io.storeplane.master.store;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a listing.
 *
 * @param items the rows on this page
 * @param page zero-based page index
 * @param size requested page size
 * @param totalItems rows across all pages
 */
public record Page<T>(List<T> items, int page, int size, long totalItems) {

  public int totalPages() {
    return (int) ((totalItems + size - 1) / size);
  }

  public <R> Page<R> map(Function<T, R> mapper) {
    return new Page<>(items.stream().map(mapper).toList(), page, size, totalItems);
  }
}
