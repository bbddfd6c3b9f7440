package io.storeplane.jobs;

import io.storeplane.testing.db.MigratedMaster;
import io.storeplane.testing.db.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh {@link MigratedMaster} for engine tests, with stores, runners and engines over it; {@link
 * #close()} drops it.
 */
final class MasterForJobs implements AutoCloseable {

  final MigratedMaster master;
  final TestDatabase database;
  final PGSimpleDataSource dataSource;

  MasterForJobs(String prefix) {
    master = MigratedMaster.create(prefix);
    database = master.database();
    dataSource = master.dataSource();
  }

  JobStore store(JobKind... kinds) {
    return new JobStore(JobTransactions.plain(dataSource), JobKinds.of(kinds), JobChanges.NONE);
  }

  JobEngine engine(String worker, JobStore store, Clock clock, Duration lease, int threads) {
    return new JobEngine(
        worker,
        store,
        new JobRunner(store, clock, RunListener.NONE, JobMetrics.none()),
        clock,
        lease,
        threads,
        JobMetrics.none());
  }

  long count(String sql, Object... values) {
    return master.number(sql, values);
  }

  /** Queues {@code n} jobs of {@code kind} with {@code parameters}. */
  List<UUID> queue(JobStore store, String kind, int n, Map<String, Object> parameters) {
    return java.util.stream.IntStream.range(0, n)
        .mapToObj(
            i -> {
              NewJob job = NewJob.of(kind);
              for (Map.Entry<String, Object> p : parameters.entrySet()) {
                job = job.parameter(p.getKey(), p.getValue());
              }
              return store.enqueue(job, java.time.Instant.now()).id();
            })
        .toList();
  }

  @Override
  public void close() {
    master.close();
  }
}
