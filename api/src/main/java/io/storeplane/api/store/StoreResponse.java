package io.storeplane.api.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.storeplane.master.store.Store;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

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
public record StoreResponse(
    UUID id,
    String name,
    String slug,
    String status,
    List<String> suspensionReasons,
    String plan,
    String subscriptionStatus,
    Instant trialEndsAt,
    boolean published,
    String databaseStatus,
    DatabaseView database,
    UUID provisioningJobId,
    Instant createdAt,
    Instant updatedAt,
    Instant deletedAt) {

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
  public record DatabaseView(String type, UUID serverId, String host, Integer port, String name) {}

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
