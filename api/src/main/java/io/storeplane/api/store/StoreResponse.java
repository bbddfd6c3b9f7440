package io.storeplane.api.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.storeplane.master.store.Store;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A store as the API shows it. Where its database lives is shown; how to log in to it never is.
 *
 * @param id the store id
 * @param name display name
 * @param slug unique handle
 * @param status active, suspended or deleted
 * @param suspensionReasons why the store is suspended ({@code admin}, {@code
 *     database-deprovisioned}); absent while it is not
 * @param plan plan code
 * @param subscriptionStatus trialing, active, past_due or canceled
 * @param trialEndsAt end of the trial, when there is one
 * @param published whether the storefront is published
 * @param databaseStatus none, provisioning, active, failed or suspended
 * @param database the store's database, once one is chosen
 * @param provisioningJobId the store's latest provisioning job
 * @param createdAt creation time
 * @param updatedAt last change
 * @param deletedAt soft-deletion time
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(
    description =
        "A store as the API shows it. Fields without a value are left out. Where its database"
            + " lives is shown to platform users only; how to log in to it never is.")
public record StoreResponse(
    @Schema(required = true, description = "The store id") UUID id,
    @Schema(required = true, description = "Display name", example = "Acme Shoes") String name,
    @Schema(required = true, description = "Unique handle", example = "acme-shoes") String slug,
    @Schema(
            required = true,
            description = "Lifecycle status",
            enumeration = {"active", "suspended", "deleted"},
            example = "active")
        String status,
    @Schema(
            description = "Why the store is suspended; absent while it is not",
            type = SchemaType.ARRAY,
            implementation = SuspensionReasonValue.class)
        List<String> suspensionReasons,
    @Schema(required = true, description = "Plan code", example = "starter") String plan,
    @Schema(
            required = true,
            description = "The subscription's status",
            enumeration = {"trialing", "active", "past_due", "canceled"},
            example = "trialing")
        String subscriptionStatus,
    @Schema(description = "End of the trial, when there is one") Instant trialEndsAt,
    @Schema(required = true, description = "Whether the storefront is published", example = "false")
        boolean published,
    @Schema(
            required = true,
            description = "Where the store's database is in its lifecycle",
            enumeration = {"none", "provisioning", "active", "failed", "suspended"},
            example = "active")
        String databaseStatus,
    @Schema(description = "The store's database, once one is chosen") DatabaseView database,
    @Schema(description = "The store's latest provisioning job (platform users only)")
        UUID provisioningJobId,
    @Schema(required = true, description = "Creation time") Instant createdAt,
    @Schema(required = true, description = "Last change") Instant updatedAt,
    @Schema(description = "Soft-deletion time, once deleted") Instant deletedAt) {

  /** One reason a store is suspended, as a schema for the items of {@code suspensionReasons}. */
  @Schema(
      name = "SuspensionReason",
      description =
          "Why a store is suspended: `admin` (an admin suspended it) or `database-deprovisioned`"
              + " (its database was taken out of service).",
      type = SchemaType.STRING,
      enumeration = {"admin", "database-deprovisioned"})
  interface SuspensionReasonValue {}

  /**
   * Where a store's database lives.
   *
   * @param type the database option, e.g. {@code managed-postgresql}
   * @param serverId the managed server, for managed databases
   * @param host host
   * @param port port
   * @param name database name
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(
      description =
          "Where a store's database lives. A store's own token sees only `type`; platform users"
              + " also see the server, host, port and name once they are known.")
  public record DatabaseView(
      @Schema(
              required = true,
              description = "The database option",
              enumeration = {
                "managed-postgresql",
                "managed-mysql",
                "postgresql",
                "mysql",
                "supabase"
              },
              example = "managed-postgresql")
          String type,
      @Schema(description = "The managed server, for managed databases") UUID serverId,
      @Schema(description = "Host", example = "db1.internal") String host,
      @Schema(description = "Port", example = "5432") Integer port,
      @Schema(description = "Database name", example = "store_acme_shoes") String name) {}

  /**
   * The store as its own store token sees it: a store app reaches its data through the store data
   * API, never directly, so where the database lives (server, host, port, name) and the platform's
   * provisioning job are left out; the database option stays.
   */
  StoreResponse forStoreToken() {
    return new StoreResponse(
        id,
        name,
        slug,
        status,
        suspensionReasons,
        plan,
        subscriptionStatus,
        trialEndsAt,
        published,
        databaseStatus,
        database == null ? null : new DatabaseView(database.type(), null, null, null, null),
        null,
        createdAt,
        updatedAt,
        deletedAt);
  }

  static StoreResponse of(Store store, UUID latestJobId) {
    DatabaseView database =
        store.databaseType == null
            ? null
            : new DatabaseView(
                store.databaseType.wireName(),
                store.databaseServerId,
                store.databaseHost,
                store.databasePort,
                store.databaseName);
    return new StoreResponse(
        store.id,
        store.name,
        store.slug,
        lower(store.status),
        store.suspensionReasons.isEmpty()
            ? null
            : store.suspensionReasons.stream()
                .sorted()
                .map(r -> lower(r).replace('_', '-'))
                .toList(),
        store.planCode,
        lower(store.subscriptionStatus),
        store.trialEndsAt,
        store.published,
        lower(store.databaseStatus),
        database,
        latestJobId,
        store.createdAt,
        store.updatedAt,
        store.deletedAt);
  }

  private static String lower(Enum<?> value) {
    return value == null ? null : value.name().toLowerCase(Locale.ROOT);
  }
}
