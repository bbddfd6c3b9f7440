package io.storeplane.api.connect;

import io.storeplane.provisioning.connect.BreakerStatus;
import io.storeplane.provisioning.connect.ConnectionStatus;
import io.storeplane.provisioning.connect.ManagerStatus;
import io.storeplane.provisioning.connect.PoolStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A store's connection as the ConnectionManager of the answering instance sees it: route, pool,
 * breaker and the instance's budget. Never a credential.
 *
 * @param storeId the store
 * @param poolName {@code store-<slug>}
 * @param backend {@code postgresql}, {@code mysql} or {@code supabase}, or the code that refuses
 *     the store ({@code store-not-connected}, {@code store-database-suspended})
 * @param endpoint host, port and database of a JDBC store; the project's host of a Supabase store
 *     (never its key); null for a refused store
 * @param configVersion the integration config version the route is built from
 * @param routed whether the route is cached on this instance
 * @param pool the open pool; null when none is open (always for a Supabase store: its data is
 *     served over HTTPS)
 * @param draining pools replaced after a config change that still finish calls
 * @param breaker the store's circuit breaker
 * @param budget this instance's connection budget
 */
@Schema(
    description =
        "A store's connection as the answering instance sees it: route, pools, circuit breaker"
            + " and the instance's connection budget. Never a credential.")
public record ConnectionResponse(
    @Schema(required = true, description = "The store's id.") UUID storeId,
    @Schema(
            required = true,
            description = "The store's pool name, `store-<slug>`, as in the server's log lines.",
            example = "store-acme-shoes")
        String poolName,
    @Schema(
            required = true,
            enumeration = {
              "postgresql",
              "mysql",
              "supabase",
              "store-not-connected",
              "store-database-suspended"
            },
            description =
                "How the store's data is reached (`postgresql`, `mysql`, or `supabase` over its"
                    + " project's Data API), or the problem code its data calls are refused with"
                    + " (`store-not-connected`: no database yet; `store-database-suspended`: the"
                    + " store or its database is suspended).",
            example = "postgresql")
        String backend,
    @Schema(
            required = true,
            nullable = true,
            description =
                "`host:port/database` of a PostgreSQL or MySQL store, the project's host of a"
                    + " Supabase store; never a credential or key. Null when the store is"
                    + " refused.",
            example = "db-1.internal:5432/store_acme_shoes")
        String endpoint,
    @Schema(
            required = true,
            description = "The version of the store's connection settings the route is built from.",
            example = "1")
        int configVersion,
    @Schema(
            required = true,
            description =
                "Whether this instance holds the store's route in its cache (a data call caches"
                    + " it; a change of the store drops it).")
        boolean routed,
    @Schema(
            required = true,
            nullable = true,
            description =
                "The open pool; null when this instance has none open for the store (always for"
                    + " a Supabase store, whose data is served over HTTPS).")
        Pool pool,
    @Schema(
            required = true,
            description =
                "Pools replaced after a change of the connection settings that still finish their"
                    + " calls; usually empty.")
        List<Pool> draining,
    @Schema(required = true, description = "The store's circuit breaker on this instance.")
        Breaker breaker,
    @Schema(required = true, description = "This instance's connection budget, for all stores.")
        Budget budget) {

  /**
   * An open or draining pool. Its schema is nullable because {@code pool} is: OpenAPI 3.0.3 lets no
   * property make a referenced schema nullable ({@code nullable} beside an {@code allOf} of a
   * reference still requires an object), so the referenced schema says it.
   */
  @Schema(
      name = "ConnectionPool",
      nullable = true,
      description =
          "One connection pool of a store on the answering instance (null as `pool` when none is"
              + " open).")
  public record Pool(
      @Schema(
              required = true,
              enumeration = {"open", "draining"},
              description =
                  "`open` serves new calls; `draining` was replaced after a change of the"
                      + " connection settings and closes once its last connection returns.",
              example = "open")
          String state,
      @Schema(required = true, description = "The settings version the pool was built from.")
          int configVersion,
      @Schema(
              required = true,
              description = "Its maximum size, reserved against the instance's budget.",
              example = "5")
          int maxSize,
      @Schema(required = true, description = "Connections lent out.") int active,
      @Schema(required = true, description = "Connections open and idle in the pool.") int idle,
      @Schema(required = true, description = "Calls waiting for a connection of this pool.")
          int waiting,
      @Schema(
              required = true,
              description = "Calls holding the pool (about to borrow, or holding a connection).")
          int leases,
      @Schema(required = true, description = "When the pool was opened.") Instant createdAt,
      @Schema(
              required = true,
              description = "When a call last took the pool; idle eviction goes by this.")
          Instant lastUsedAt) {

    static Pool of(PoolStatus status) {
      return new Pool(
          status.state().wireName(),
          status.configVersion(),
          status.maxSize(),
          status.active(),
          status.idle(),
          status.waiting(),
          status.leases(),
          status.createdAt(),
          status.lastUsedAt());
    }
  }

  /** The circuit breaker: {@code closed}, {@code open} or {@code half-open}. */
  @Schema(
      name = "ConnectionBreaker",
      description =
          "A store's circuit breaker on the answering instance: while `open`, data calls fail at"
              + " once with `store-database-unavailable` (503).")
  public record Breaker(
      @Schema(
              required = true,
              enumeration = {"closed", "open", "half-open"},
              description =
                  "`closed`: calls go through; `open`: calls fail at once until `openUntil`;"
                      + " `half-open`: one trial call decides.",
              example = "closed")
          String state,
      @Schema(required = true, description = "Failures since the last success.", example = "0")
          int consecutiveFailures,
      @Schema(
              required = true,
              nullable = true,
              implementation = String.class,
              format = "date-time",
              description = "While open, when the next trial call may go through; else null.")
          Instant openUntil,
      @Schema(
              required = true,
              nullable = true,
              description =
                  "The last failure for an operator: the driver's exception type, SQL state and"
                      + " message, any password in a JDBC URL masked; null when the breaker has"
                      + " seen none.")
          String lastFailure,
      @Schema(
              required = true,
              nullable = true,
              implementation = String.class,
              format = "date-time",
              description = "When the last failure happened; null when there was none.")
          Instant lastFailureAt) {

    static Breaker of(BreakerStatus status) {
      return new Breaker(
          status.state().wireName(),
          status.consecutiveFailures(),
          status.openUntil().orElse(null),
          status.lastFailure().orElse(null),
          status.lastFailureAt().orElse(null));
    }
  }

  /** Connections all store pools of this instance may hold, and how many open pools reserve. */
  @Schema(
      name = "ConnectionBudget",
      description = "The connections all store pools of the answering instance may hold.")
  public record Budget(
      @Schema(
              required = true,
              description = "The most connections all store pools may hold.",
              example = "40")
          int limit,
      @Schema(required = true, description = "Connections reserved by open and draining pools.")
          int reserved,
      @Schema(required = true, description = "Pools serving calls.") int openPools,
      @Schema(required = true, description = "Calls waiting for budget.") int waiting) {

    static Budget of(ManagerStatus status) {
      return new Budget(status.budget(), status.reserved(), status.openPools(), status.waiting());
    }
  }

  static ConnectionResponse of(ConnectionStatus status, ManagerStatus manager) {
    return new ConnectionResponse(
        status.storeId(),
        status.poolName(),
        status.backend(),
        status.endpoint().orElse(null),
        status.configVersion(),
        status.routed(),
        status.pool().map(Pool::of).orElse(null),
        status.draining().stream().map(Pool::of).toList(),
        Breaker.of(status.breaker()),
        Budget.of(manager));
  }
}
