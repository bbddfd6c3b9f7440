package io.storeplane.api.store;

import io.storeplane.api.provisioning.DatabaseOption;
import io.storeplane.master.store.NewStore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /api/v1/stores}.
 *
 * @param name display name
 * @param slug unique handle: lowercase letters, digits and dashes, 3 to 63 characters, starting and
 *     ending with a letter or digit
 * @param plan a plan code: free, starter, professional or enterprise
 * @param database how the store gets its database; may be left out and chosen later
 */
@Schema(description = "A store to register, and optionally how it gets its database")
public record CreateStoreRequest(
    @Schema(description = "Display name", example = "Acme Shoes") @NotBlank @Size(max = 200)
        String name,
    @Schema(
            description =
                "Unique handle: lowercase letters, digits and dashes, 3 to 63 characters,"
                    + " starting and ending with a letter or digit",
            example = "acme-shoes")
        @NotNull
        @Pattern(regexp = SLUG, message = SLUG_RULE)
        String slug,
    @Schema(description = "A plan code on offer (see `GET /api/v1/plans`)", example = "starter")
        @NotBlank
        @Size(max = 32)
        String plan,
    @Schema(description = "How the store gets its database; may be left out and chosen later")
        @Valid
        DatabaseOption database) {

  static final String SLUG = NewStore.SLUG;
  static final String SLUG_RULE = NewStore.SLUG_RULE;

  /** The store to register, the slug and plan as given, the name trimmed. */
  NewStore toNewStore() {
    Optional<DatabaseOption> option = Optional.ofNullable(database);
    return new NewStore(
        name.trim(),
        slug,
        plan,
        option.map(DatabaseOption::databaseType),
        option.flatMap(DatabaseOption::connection));
  }
}
