package io.storeplane.provisioning.supabase;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How Storeplane talks to Supabase ({@code storeplane.supabase.*}). The retry defaults are written
 * once, in {@link CallRetryPolicy}.
 */
@ConfigMapping(prefix = "storeplane.supabase")
public interface SupabaseConfig {

  /** The Management API base URL (platform configuration, trusted). */
  @WithDefault("https://api.supabase.com")
  URI managementUrl();

  /** Time allowed to open a connection to either API. */
  @WithDefault("5s")
  Duration connectTimeout();

  /** Time allowed for an answer from either API (run-SQL of the whole schema included). */
  @WithDefault("60s")
  Duration readTimeout();

  /** Attempts in all for a call answered 429 (or 5xx, when idempotent); 1 disables retries. */
  @WithDefault(CallRetryPolicy.DEFAULT_MAX_ATTEMPTS)
  int maxAttempts();

  /** Wait before the second attempt after a 5xx; doubled per attempt. */
  @WithDefault(CallRetryPolicy.DEFAULT_INITIAL_BACKOFF)
  Duration initialBackoff();

  /** The longest wait after a 5xx. */
  @WithDefault(CallRetryPolicy.DEFAULT_MAX_BACKOFF)
  Duration maxBackoff();

  /** The longest wait a 429 may ask for ({@code X-RateLimit-Reset}); longer gives up at once. */
  @WithDefault(CallRetryPolicy.DEFAULT_MAX_RATE_LIMIT_WAIT)
  Duration maxRateLimitWait();

  /** Rows per Data API request when paging; at most the project's {@code max_rows} (1000). */
  @WithDefault("1000")
  int pageSize();

  /**
   * Accept {@code http://} project URLs. Only for tests against the local Supabase double; every
   * real project URL is {@code https://<ref>.supabase.co} or a custom https domain.
   */
  @WithDefault("false")
  boolean allowHttpProjectUrls();

  /**
   * The platform's Management API token (personal access token), used to create projects for {@code
   * create: true} stores and to delete them, when the sealed platform setting {@code
   * supabase.access-token} is not set (that setting comes first). Set it through the environment
   * ({@code STOREPLANE_SUPABASE_ACCESS_TOKEN}); never logged or returned.
   */
  Optional<String> accessToken();

  /**
   * The organization new projects are created in (its slug), when the platform setting {@code
   * supabase.organization} is not set.
   */
  Optional<String> organization();

  /**
   * The region of new projects when the request names none and the platform setting {@code
   * supabase.default-region} is not set; empty = Supabase's default.
   */
  Optional<String> defaultRegion();

  /** The instance size of new projects; empty = the smallest. */
  Optional<String> instanceSize();

  /** The URL of a created project, {@code {ref}} replaced by its ref. */
  @WithDefault("https://{ref}.supabase.co")
  String projectUrlTemplate();

  /** How long a job waits between two polls of a project that is coming up. */
  @WithDefault("5s")
  Duration pollInterval();

  /** How long a new project may take to become healthy before the job fails. */
  @WithDefault("15m")
  Duration projectTimeout();

  /** How long the smoke test retries while PostgREST's schema cache is stale (PGRST205). */
  @WithDefault("30s")
  Duration probeWait();

  /** The retry policy these settings describe. */
  default CallRetryPolicy retryPolicy() {
    return new CallRetryPolicy(maxAttempts(), initialBackoff(), maxBackoff(), maxRateLimitWait());
  }
}
