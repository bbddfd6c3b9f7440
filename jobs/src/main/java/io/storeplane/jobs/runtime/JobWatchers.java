package io.storeplane.jobs.runtime;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.storeplane.bus.Subscription;
import io.storeplane.bus.runtime.EventBus;
import io.storeplane.jobs.JobChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Live views of jobs for status streams (Server-Sent Events), driven by the bus: one watch per job
 * and kind of view on this instance, however many clients follow it (the REST stream's view and the
 * console's of one job are two watches, each read once per change). A {@code job.changed} event for
 * the job (from any instance) makes the watch read the job once and send the new view to every
 * client that follows it; an idle job costs nothing. A stream ends when its job ends (or its client
 * leaves).
 */
@ApplicationScoped
public class JobWatchers {

  private static final Logger LOG = Logger.getLogger(JobWatchers.class);

  private final EventBus bus;
  private final Map<Key, Watch<?>> watches = new ConcurrentHashMap<>();
  private final AtomicLong reads = new AtomicLong();
  private volatile Subscription subscription;

  JobWatchers(EventBus bus) {
    this.bus = bus;
  }

  void start(@Observes StartupEvent started) {
    subscription = bus.subscribe(JobChangesOnBus.JOB_CHANGED, this::changed);
  }

  void stop(@Observes ShutdownEvent stopping) {
    if (subscription != null) {
      subscription.close();
    }
  }

  /** A watch's identity: the job and the type of the views it sends. */
  private record Key(UUID id, Class<?> view) {}

  /**
   * The job's views: the current one at once, then one per change, until {@code finished} holds.
   * Clients asking for the same {@code view} type of one job share one watch.
   *
   * @param view the type of the views, which identifies the watch together with the job
   * @param read reads the job's view (blocking; called on a worker thread)
   */
  public <T> Multi<T> watch(
      UUID jobId, Class<T> view, Function<UUID, T> read, Predicate<T> finished) {
    Key key = new Key(jobId, view);
    return Multi.createFrom()
        .emitter(
            emitter -> {
              // Joining and leaving change the map and the watch's clients together.
              @SuppressWarnings("unchecked")
              Watch<T> watch =
                  (Watch<T>)
                      watches.compute(
                          key,
                          (k, existing) -> {
                            Watch<?> chosen =
                                existing != null
                                    ? existing
                                    : new Watch<>(
                                        k,
                                        counted(read),
                                        finished,
                                        Infrastructure.getDefaultWorkerPool());
                            ((Watch<T>) chosen).clients.add(emitter);
                            return chosen;
                          });
              emitter.onTermination(() -> leave(watch, emitter));
              watch.joined(emitter);
            });
  }

  /** How many watches (jobs, per kind of view) this instance keeps now. */
  public int watched() {
    return watches.size();
  }

  /** How many times watches have read a job from the master since start. */
  public long reads() {
    return reads.get();
  }

  private <T> Function<UUID, T> counted(Function<UUID, T> read) {
    return id -> {
      reads.incrementAndGet();
      return read.apply(id);
    };
  }

  private void changed(JobChanged changed) {
    refresh(changed.jobId());
  }

  /**
   * Reads the watch of {@code id} again, if this instance has one. Job changes come from the bus
   * here; a record watched the same way under its own random id (a rollout, which is not one job)
   * is refreshed by whoever hears of its changes.
   */
  public void refresh(UUID id) {
    watches.forEach(
        (key, watch) -> {
          if (key.id().equals(id)) {
            watch.refresh();
          }
        });
  }

  private <T> void leave(Watch<T> watch, MultiEmitter<? super T> emitter) {
    watches.computeIfPresent(
        watch.key,
        (id, current) -> {
          watch.clients.remove(emitter);
          return current == watch && watch.clients.isEmpty() ? null : current;
        });
  }

  /** The clients of one job and its last view; reads are coalesced, one at a time. */
  private static final class Watch<T> {

    final Key key;
    private final Function<UUID, T> read;
    private final Predicate<T> finished;
    private final Executor readers;
    final Set<MultiEmitter<? super T>> clients = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean reading = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile T last;

    Watch(Key key, Function<UUID, T> read, Predicate<T> finished, Executor readers) {
      this.key = key;
      this.read = read;
      this.finished = finished;
      this.readers = readers;
    }

    /** A client was added: it gets the last view at once, and a fresh read follows. */
    void joined(MultiEmitter<? super T> client) {
      T known = last;
      if (known != null) {
        client.emit(known);
        if (finished.test(known)) {
          client.complete();
        }
      }
      refresh();
    }

    /** Reads the job again soon; a change during a read makes one more read after it. */
    void refresh() {
      again.set(true);
      if (reading.compareAndSet(false, true)) {
        readers.execute(this::readWhileChanged);
      }
    }

    private void readWhileChanged() {
      try {
        while (again.getAndSet(false)) {
          T now = read.apply(key.id());
          boolean changed = !now.equals(last);
          last = now;
          boolean done = finished.test(now);
          for (MultiEmitter<? super T> client : clients) {
            if (changed) {
              client.emit(now);
            }
            if (done) {
              client.complete();
            }
          }
        }
      } catch (RuntimeException e) {
        LOG.warnf(e, "Reading job %s for its status stream failed", key.id());
        for (MultiEmitter<? super T> client : clients) {
          client.fail(e);
        }
      } finally {
        reading.set(false);
        if (again.get() && reading.compareAndSet(false, true)) {
          readers.execute(this::readWhileChanged);
        }
      }
    }
  }
}
