package io.storeplane.master.store;

import java.util.Optional;

/**
 * A page of the store list.
 *
 * @param status only stores in this status; when empty, every store except deleted ones
 * @param planCode only stores on this plan
 * @param sort the order
 * @param page zero-based page index
 * @param size page size
 */
public record StoreQuery(
    Optional<StoreStatus> status, Optional<String> planCode, StoreSort sort, int page, int size) {

  public StoreQuery {
    if (page < 0 || size < 1) {
      throw new IllegalArgumentException("page must be >= 0 and size >= 1");
    }
  }
}
