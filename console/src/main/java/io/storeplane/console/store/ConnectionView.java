package io.storeplane.console.store;

import io.quarkus.qute.TemplateData;
import io.storeplane.provisioning.connect.ConnectionStatus;
import io.storeplane.provisioning.connect.PoolStatus;
import java.time.Instant;

/**
 * A store's connection as this instance's ConnectionManager knows it, without connecting: its
 * backend and endpoint (no credential), its pool's size and use, its circuit breaker.
 */
@TemplateData
public record ConnectionView(
    String backend,
    String endpoint,
    boolean routed,
    boolean hasPool,
    String poolState,
    int poolMax,
    int poolActive,
    int poolIdle,
    int poolWaiting,
    int drainingPools,
    String breaker,
    int consecutiveFailures,
    Instant openUntil,
    String lastFailure,
    Instant lastFailureAt) {

  static ConnectionView of(ConnectionStatus status) {
    PoolStatus pool = status.pool().orElse(null);
    return new ConnectionView(
        status.backend(),
        status.endpoint().orElse(""),
        status.routed(),
        pool != null,
        pool == null ? "" : pool.state().wireName(),
        pool == null ? 0 : pool.maxSize(),
        pool == null ? 0 : pool.active(),
        pool == null ? 0 : pool.idle(),
        pool == null ? 0 : pool.waiting(),
        status.draining().size(),
        status.breaker().state().wireName(),
        status.breaker().consecutiveFailures(),
        status.breaker().openUntil().orElse(null),
        status.breaker().lastFailure().orElse(""),
        status.breaker().lastFailureAt().orElse(null));
  }
}
