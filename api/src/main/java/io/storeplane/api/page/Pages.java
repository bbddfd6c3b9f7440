package io.storeplane.api.page;

import io.storeplane.api.problem.ApiException;

/** The one check of a requested page: its first row must be addressable (page × size). */
public final class Pages {

  private Pages() {}

  /**
   * @throws ApiException {@code validation-failed} on {@code page} when {@code page × size} is
   *     beyond what an offset holds (it used to overflow and answer 500)
   */
  public static void check(int page, int size) {
    if ((long) page * size > Integer.MAX_VALUE) {
      throw ApiException.invalid(
          "page", "page × size must be at most " + Integer.MAX_VALUE + " (rows before the page)");
    }
  }
}
