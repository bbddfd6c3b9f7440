package io.storeplane.api.connect;

import io.storeplane.provisioning.connect.BreakerStatus;
import io.storeplane.provisioning.connect.ConnectionStatus;
import io.storeplane.provisioning.connect.ManagerStatus;
import io.storeplane.provisioning.connect.PoolStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

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
public record ConnectionResponse(
    UUID storeId,
    String poolName,
    String backend,
    String endpoint,
    int configVersion,
    boolean routed,
    Pool pool,
    List<Pool> draining,
    Breaker breaker,
    Budget budget) {

  /** An open or draining pool. */
  public record Pool(
      String state,
      int configVersion,
      int maxSize,
      int active,
      int idle,
      int waiting,
      int leases,
      Instant createdAt,
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
  public record Breaker(
      String state,
      int consecutiveFailures,
      Instant openUntil,
      String lastFailure,
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
  public record Budget(int limit, int reserved, int openPools, int waiting) {

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
