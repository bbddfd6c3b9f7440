package io.storeplane.provisioning.supabase.management;

import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.supabase.Sleeper;
import io.storeplane.provisioning.supabase.SupabaseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Waits for a new project to be usable as the official Terraform provider does: polls until the
 * project is {@code ACTIVE_HEALTHY} and its {@code db} and {@code rest} services are healthy, fails
 * at once on a terminal status, and gives up after a timeout. Time comes from a {@link Clock} and
 * waits go through a {@link Sleeper}, so tests neither sleep nor depend on the wall clock.
 *
 * <p>A provisioning job that must survive a restart calls {@link
 * SupabaseManagement#readiness(String)} once per step run instead; this loop is for callers that
 * can block.
 */
public final class ProjectWaiter {

  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration pollInterval;
  private final Duration timeout;

  /**
   * @param clock reads the time
   * @param sleeper waits between polls
   * @param pollInterval time between polls (Supabase projects take minutes; 5 s is reasonable)
   * @param timeout how long to wait in all (Terraform's default is 5 minutes)
   */
  public ProjectWaiter(Clock clock, Sleeper sleeper, Duration pollInterval, Duration timeout) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * Polls {@code ref} until it is ready.
   *
   * @param onPoll told every poll's result, e.g. to show the current status in a job step
   * @return the ready poll
   * @throws SupabaseException {@code SUPABASE_PROJECT_FAILED} on a terminal status, {@code
   *     SUPABASE_PROJECT_TIMEOUT} when the timeout passes first
   */
  public ProjectReadiness awaitReady(
      SupabaseManagement management, String ref, Consumer<ProjectReadiness> onPoll) {
    Instant deadline = clock.instant().plus(timeout);
    while (true) {
      ProjectReadiness readiness = management.readiness(ref);
      onPoll.accept(readiness);
      if (readiness.ready()) {
        return readiness;
      }
      if (readiness.failed()) {
        throw SupabaseException.of(
            ProvisioningError.SUPABASE_PROJECT_FAILED,
            "Supabase project " + ref + " ended in " + readiness.status() + " while starting",
            null);
      }
      if (!clock.instant().plus(pollInterval).isBefore(deadline)) {
        throw SupabaseException.of(
            ProvisioningError.SUPABASE_PROJECT_TIMEOUT,
            "Supabase project %s was not ready within %s; last seen: %s"
                .formatted(ref, timeout, readiness.describe()),
            null);
      }
      try {
        sleeper.sleep(pollInterval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw SupabaseException.of(
            ProvisioningError.SUPABASE_UNAVAILABLE,
            "Interrupted while waiting for project " + ref,
            e);
      }
    }
  }
}
