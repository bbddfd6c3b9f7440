package io.storeplane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeplane.provisioning.job.ProvisioningKind;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Onboards one store through the control plane's API as a frontend does: {@code POST
 * /api/v1/stores} with a managed database option, then either follows the job's event stream
 * ({@code GET /api/v1/provision/{jobId}/events}, pushed through the bus: no polling delay) or asks
 * {@code GET /api/v1/provision/{jobId}/status} every poll interval, until the job succeeded. A job
 * that fails, is cancelled or takes longer than the time-out is an {@link IllegalStateException}
 * with the job's own error.
 */
final class ApiOnboarding {

  /** How the control plane says a store database was created from a template. */
  static final String CLONED = "Cloned from template";

  /** How the control plane says a store database was claimed from the warm pool. */
  static final String CLAIMED = "Claimed database";

  /**
   * A store whose job succeeded.
   *
   * @param storeId the store
   * @param slug its slug (purging confirms with it)
   * @param cloned whether {@code create-database} cloned a template (else it created an empty
   *     database and Flyway migrated it, or claimed one from the warm pool)
   * @param claimed whether {@code create-database} claimed a database from the warm pool
   * @param primed whether {@code seed} ran over a connection the control plane opened into its
   *     warm-pool database before the claim ({@link ProvisioningKind#PRIMED})
   * @param attempts how many times a worker took the job (1 unless a step failed and was retried)
   * @param job the job's own time, from a worker taking it to its end ({@code startedAt} to {@code
   *     finishedAt}, on the control plane's clock)
   * @param steps each step's time in the attempt that ended the job, in the job's order
   */
  record Onboarded(
      String storeId,
      String slug,
      boolean cloned,
      boolean claimed,
      boolean primed,
      int attempts,
      Duration job,
      Map<String, Duration> steps) {

    /** The store as the final status document of its job describes it. */
    static Onboarded of(String storeId, String slug, JsonNode status) {
      int attempts = status.path("attempt").asInt();
      boolean cloned = false;
      boolean claimed = false;
      boolean primed = false;
      Map<String, Duration> steps = new LinkedHashMap<>();
      for (JsonNode step : status.path("steps")) {
        String name = step.path("step").asText();
        if (name.equals("create-database") && step.path("status").asText().equals("succeeded")) {
          cloned = step.path("message").asText().startsWith(CLONED);
          claimed = step.path("message").asText().startsWith(CLAIMED);
        }
        if (name.equals("seed") && step.path("attempt").asInt() == attempts) {
          primed = step.path("message").asText().endsWith(ProvisioningKind.PRIMED);
        }
        if (step.path("attempt").asInt() == attempts && step.hasNonNull("finishedAt")) {
          steps.put(name, between(step));
        }
      }
      return new Onboarded(
          storeId, slug, cloned, claimed, primed, attempts, between(status), steps);
    }

    private static Duration between(JsonNode timed) {
      return Duration.between(
          Instant.parse(timed.path("startedAt").asText()),
          Instant.parse(timed.path("finishedAt").asText()));
    }
  }

  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private final ControlPlaneClient api;
  private final Duration pollInterval;

  /**
   * @param pollInterval how often to ask for the job's status; {@link Duration#ZERO} follows the
   *     job's event stream instead
   */
  ApiOnboarding(ControlPlaneClient api, Duration pollInterval) {
    this.api = api;
    this.pollInterval = pollInterval;
  }

  /**
   * {@code POST /api/v1/stores}: a bench store (plan starter) with a database of {@code
   * databaseType}; the 201's body, with the store's {@code id} and {@code provisioningJobId}.
   */
  static JsonNode createStore(ControlPlaneClient api, String slug, String databaseType)
      throws IOException, InterruptedException {
    return createStore(api, slug, databaseType, "starter");
  }

  /** {@code POST /api/v1/stores}: a bench store on {@code plan}. */
  static JsonNode createStore(ControlPlaneClient api, String slug, String databaseType, String plan)
      throws IOException, InterruptedException {
    return api.post(
        "/api/v1/stores",
        Map.of(
            "name",
            "Bench store " + slug,
            "slug",
            slug,
            "plan",
            plan,
            "database",
            Map.of("type", databaseType)),
        201);
  }

  /** Creates the store with a database of {@code databaseType} and waits for its job to succeed. */
  Onboarded onboard(String slug, String databaseType) throws IOException, InterruptedException {
    return onboard(slug, databaseType, "starter");
  }

  /** As {@link #onboard(String, String)}, on {@code plan}. */
  Onboarded onboard(String slug, String databaseType, String plan)
      throws IOException, InterruptedException {
    JsonNode store = createStore(api, slug, databaseType, plan);
    String jobId = store.path("provisioningJobId").asText();
    if (pollInterval.isZero()) {
      JsonNode last =
          api.follow("/api/v1/provision/" + jobId + "/events", ApiOnboarding::ended, TIMEOUT);
      return succeeded(store, slug, last);
    }
    long giveUp = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < giveUp) {
      Thread.sleep(pollInterval.toMillis());
      JsonNode status = api.get("/api/v1/provision/" + jobId + "/status");
      if (ended(status)) {
        return succeeded(store, slug, status);
      }
    }
    throw new IllegalStateException(
        "The job %s of store %s did not end within %s".formatted(jobId, slug, TIMEOUT));
  }

  private static boolean ended(JsonNode status) {
    return List.of("succeeded", "failed", "cancelled").contains(status.path("status").asText());
  }

  private static Onboarded succeeded(JsonNode store, String slug, JsonNode status) {
    if (!status.path("status").asText().equals("succeeded")) {
      throw new IllegalStateException(
          "The job of store %s ended %s: %s"
              .formatted(slug, status.path("status").asText(), status.path("error")));
    }
    return Onboarded.of(store.path("id").asText(), slug, status);
  }

  /** Drops the store's database and login through the API (deprovision with purge). */
  void purge(Onboarded store) throws IOException, InterruptedException {
    api.post(
        "/api/v1/stores/" + store.storeId() + "/deprovision",
        Map.of("action", "purge", "confirm", store.slug()),
        200);
  }
}
