package io.storeplane.master.store;

import java.util.Optional;

/**
 * A partial update of a store; empty fields stay as they are.
 *
 * @param name a new display name
 * @param planCode a new plan: the open subscription is closed and one on the new plan opened
 * @param published publish or unpublish the storefront
 */
public record StoreChanges(
    Optional<String> name, Optional<String> planCode, Optional<Boolean> published) {

  public boolean isEmpty() {
    return name.isEmpty() && planCode.isEmpty() && published.isEmpty();
  }
}
