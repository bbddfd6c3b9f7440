package io.storeplane.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.storeplane.api.security.AuthFailureTally.Counts;
import io.storeplane.master.audit.ActorType;
import io.storeplane.master.audit.AuditEntry;
import io.storeplane.master.audit.AuditOutcome;
import io.storeplane.master.audit.AuditService;
import io.storeplane.master.token.TokenSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Failed authentication per client address: a token bucket per address ({@code
 * storeplane.rate-limit.failed-auth.*}) that {@link BearerTokenMechanism} reads before any master
 * lookup, and aggregated {@code auth.failed} audit rows, one per address per window. A token that
 * authenticated on this instance recently still passes an address's cool-down, so a neighbour's
 * flood behind the same address does not lock its holder out; an unknown token waits.
 */
@ApplicationScoped
public class FailedAuthentications {

  /** The audit action of the aggregated rows. */
  public static final String ACTION = "auth.failed";

  private static final Logger LOG = Logger.getLogger(FailedAuthentications.class);

  private final boolean enabled;
  private final TokenBuckets failures;
  private final Cache<String, Boolean> knownTokens;
  private final AuthFailureTally tally;
  private final AuditService audit;
  private final Clock clock;

  FailedAuthentications(RateLimitConfig config, AuditService audit, Clock clock) {
    RateLimitConfig.FailedAuth limits = config.failedAuth();
    this.enabled = config.enabled();
    this.failures =
        new TokenBuckets(
            limits.perMinute() / 60, limits.burst(), config.maxKeys(), System::nanoTime);
    this.knownTokens =
        Caffeine.newBuilder()
            .maximumSize(config.maxKeys())
            .expireAfterWrite(limits.knownTokenTtl())
            .executor(Runnable::run)
            .build();
    this.tally = new AuthFailureTally(limits.auditWindow(), limits.auditMaxAddresses());
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Whether an address may present a credential now; a refusal is counted for the audit trail.
   *
   * @param token the presented bearer token, or {@code null} when the header is not one
   * @return 0 when it may (the address has failures left, or the token authenticated here
   *     recently), else the nanoseconds of cool-down left
   */
  long refusal(String address, String token) {
    if (!enabled) {
      return 0;
    }
    long wait = failures.waitNanos(address);
    if (wait == 0 || (token != null && knownTokens.getIfPresent(hashOf(token)) != null)) {
      return 0;
    }
    tally.refused(address, clock.instant());
    return wait;
  }

  /** A credential from this address failed (malformed, unknown, revoked or expired). */
  void failed(String address, String token) {
    if (token != null) {
      knownTokens.invalidate(hashOf(token));
    }
    if (enabled) {
      failures.tryAcquire(address);
    }
    tally.failed(address, clock.instant());
  }

  /** A token authenticated: it passes its address's cool-down for a while. */
  void authenticated(String token) {
    knownTokens.put(hashOf(token), Boolean.TRUE);
  }

  /** Writes the windows that have ended. */
  @Scheduled(
      every = "${storeplane.rate-limit.failed-auth.audit-window}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void recordEndedWindows() {
    record(tally.closed(clock.instant()));
  }

  /** Writes what the open window has counted, while the master database is still open. */
  void recordOpenWindow(@Observes ShutdownEvent event) {
    record(tally.drain());
  }

  private void record(List<Counts> windows) {
    for (Counts counts : windows) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("failures", counts.failures());
      details.put("refused", counts.refused());
      details.put("windowStart", counts.windowStart().toString());
      details.put("windowEnd", counts.windowEnd().toString());
      if (counts.address() == null) {
        details.put("addresses", "beyond the first itemised in this window");
      }
      try {
        audit.record(
            new AuditEntry(
                ActorType.ANONYMOUS,
                null,
                null,
                ACTION,
                "address",
                counts.address(),
                AuditOutcome.DENIED,
                null,
                counts.address(),
                details));
      } catch (RuntimeException e) {
        LOG.errorf(
            e,
            "Could not write the %s row of %s for %s (%d failures, %d refused)",
            ACTION,
            counts.windowStart(),
            counts.address() == null ? "further addresses" : counts.address(),
            counts.failures(),
            counts.refused());
      }
    }
  }

  private static String hashOf(String token) {
    return TokenSecrets.hash(token);
  }
}
