package io.storeplane.fleet.rollout;

import io.storeplane.jobs.JobContext;
import io.storeplane.jobs.JobResult;
import io.storeplane.jobs.RecurringJobKind;
import io.storeplane.jobs.StepOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The rollouts' recurring sweep ({@code storeplane.fleet.rollout.sweep-interval} after the last one
 * ended, once across the cluster). A worker's dead colleagues are noticed at its next turn, but a
 * phase whose last worker died, or whose workers' jobs ended failed (a master outage past their
 * retries), has no turn left to take: the sweep releases such a rollout's stores and queues its
 * phase's workers again ({@link Rollouts#sweep}). One step for all running rollouts: a sweep that
 * fails is simply the next period's to do.
 */
@ApplicationScoped
public class RolloutSweepKind implements RecurringJobKind {

  /** The kind's name, and its schedule's. */
  public static final String NAME = "fleet.rollout.sweep";

  private final Rollouts rollouts;
  private final RolloutConfig config;

  RolloutSweepKind(Rollouts rollouts, RolloutConfig config) {
    this.rollouts = rollouts;
    this.config = config;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<Duration> interval() {
    return Optional.of(config.sweepInterval());
  }

  @Override
  public JobResult run(JobContext job) {
    StepOutcome swept =
        job.step(
            "sweep",
            () -> {
              List<UUID> running = rollouts.running();
              int restarted = 0;
              for (UUID id : running) {
                if (rollouts.sweep(id, job.id().toString())) {
                  restarted++;
                }
              }
              return StepOutcome.done(
                  "%d running rollouts swept, %d given their workers again"
                      .formatted(running.size(), restarted));
            });
    return JobResult.succeeded(swept.message());
  }
}
