package io.storeplane.master.store;

import java.util.Optional;

/**
 * A page of the store list.
 *
 * @param status only stores in this status; when empty, every store except deleted ones
 * @param planCode only stores on this plan
 * @param databaseType only stores whose database is of this type
 * @param search only stores whose name or slug contains this text (case-insensitive, literal)
 * @param sort the order
 * @param page zero-based page index
 * @param size page size
 */
public record StoreQuery(
    Optional<StoreStatus> status,
    Optional<String> planCode,
    Optional<DatabaseType> databaseType,
    Optional<String> search,
    StoreSort sort,
    int page,
    int size) {

  public StoreQuery {
    if (page < 0 || size < 1) {
      throw new IllegalArgumentException("page must be >= 0 and size >= 1");
    }
  }

  /** A query by status and plan only. */
  public StoreQuery(
      Optional<StoreStatus> status, Optional<String> planCode, StoreSort sort, int page, int size) {
    this(status, planCode, Optional.empty(), Optional.empty(), sort, page, size);
  }
}
