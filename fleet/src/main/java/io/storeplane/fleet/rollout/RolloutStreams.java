package io.storeplane.fleet.rollout;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.storeplane.bus.Subscription;
import io.storeplane.bus.runtime.EventBus;
import io.storeplane.jobs.runtime.JobWatchers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;

/**
 * Rollouts' live views for event streams (the REST API's and the console's): the job streams'
 * watches ({@link JobWatchers}: one read per change however many clients follow, none while idle),
 * refreshed by each {@code rollout.changed} event on the bus from any instance. Every stream of a
 * rollout shares one watch of the {@link Rollout} itself and maps it to its own view, so the REST
 * stream and a console page following the same rollout never meet another's view type. A stream
 * ends once its rollout completed or was cancelled.
 */
@ApplicationScoped
public class RolloutStreams {

  private final EventBus bus;
  private final JobWatchers watchers;
  private final Rollouts rollouts;
  private volatile Subscription subscription;

  RolloutStreams(EventBus bus, JobWatchers watchers, Rollouts rollouts) {
    this.bus = bus;
    this.watchers = watchers;
    this.rollouts = rollouts;
  }

  void start(@Observes StartupEvent started) {
    subscription =
        bus.subscribe(RolloutChanged.TOPIC, changed -> watchers.refresh(changed.rolloutId()));
  }

  void stop(@Observes ShutdownEvent stopping) {
    if (subscription != null) {
      subscription.close();
    }
  }

  /** The rollout as it stands at once, then once per change, until it has ended. */
  public Multi<Rollout> watch(UUID id) {
    return watchers.watch(id, Rollout.class, rollouts::get, RolloutStreams::ended);
  }

  /** Whether a rollout has ended: it completed or was cancelled. */
  public static boolean ended(Rollout rollout) {
    return rollout.state() != RolloutState.RUNNING && rollout.state() != RolloutState.PAUSED;
  }
}
