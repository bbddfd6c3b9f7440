package io.storeplane.api.store;

import io.storeplane.master.store.StoreChanges;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code PATCH /api/v1/stores/{id}}; fields left out stay as they are.
 *
 * @param name a new display name
 * @param plan a new plan code
 * @param published publish (true) or unpublish (false) the storefront
 */
@Schema(description = "Changes to a store; fields left out stay as they are")
public record UpdateStoreRequest(
    @Schema(description = "A new display name", example = "Acme Shoes & Boots")
        @Size(min = 1, max = 200)
        @Pattern(regexp = ".*\\S.*", message = "must not be blank")
        String name,
    @Schema(description = "A new plan code on offer", example = "professional")
        @Size(min = 1, max = 32)
        String plan,
    @Schema(description = "Publish (true) or unpublish (false) the storefront") Boolean published) {

  StoreChanges toChanges() {
    return new StoreChanges(
        Optional.ofNullable(name), Optional.ofNullable(plan), Optional.ofNullable(published));
  }
}
