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
 * storeplane.rate-limit.failed-auth.*}) from which {@link BearerTokenMechanism} takes an attempt
 * before any master lookup, and aggregated {@code auth.failed} audit rows, one per address per
 * window. A token that authenticated on this instance recently still passes an address's cool-down,
 * so a neighbour's flood behind the same address does not lock its holder out; an unknown token
 * waits.
 */
@ApplicationScoped
public class FailedAuthentications {

  /** The audit action of the aggregated rows. */
  private static final String ACTION = "auth.failed";

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
   * What {@link #admit} decided for one credential.
   *
   * @param waitNanos 0 when the credential may be looked up, else the cool-down left
   * @param charged whether it took one attempt from its address (given back unless it fails)
   * @param tokenHash the presented token's hash, computed once per request, or {@code null} when
   *     the header is not a bearer token
   */
  record Admission(long waitNanos, boolean charged, String tokenHash) {}

  /**
   * Admits a credential to the lookup before it happens, so calls in flight at once cannot all
   * pass: a token that authenticated here recently goes on; any other takes one attempt from its
   * address, or is refused when none is left (counted for the audit trail).
   *
   * @param token the presented bearer token, or {@code null} when the header is not one
   */
  Admission admit(String address, String token) {
    String hash = token == null ? null : TokenSecrets.hash(token);
    if (!enabled || (hash != null && knownTokens.getIfPresent(hash) != null)) {
      return new Admission(0, false, hash);
    }
    long wait = failures.tryAcquire(address);
    if (wait == 0) {
      return new Admission(0, true, hash);
    }
    tally.refused(address, clock.instant());
    return new Admission(wait, false, hash);
  }

  /** The token authenticated: its attempt is given back, and it passes cool-downs for a while. */
  void authenticated(String address, Admission admission) {
    release(address, admission);
    knownTokens.put(admission.tokenHash(), Boolean.TRUE);
  }

  /** The credential failed (malformed, unknown, revoked or expired): its attempt stays taken. */
  void failed(String address, Admission admission) {
    if (admission.tokenHash() != null) {
      knownTokens.invalidate(admission.tokenHash());
    }
    if (enabled && !admission.charged()) {
      failures.tryAcquire(address);
    }
    tally.failed(address, clock.instant());
  }

  /**
   * The lookup ended without judging the credential (a suspended store's live token, a master
   * database failure, a call abandoned): its attempt is given back.
   */
  void release(String address, Admission admission) {
    if (admission.charged()) {
      failures.refund(address);
    }
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
}
