package io.storeplane.jobs;

import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh master database (uniquely named, on the tests' PostgreSQL, at the current master schema)
 * for engine tests, with stores, runners and engines over it; {@link #close()} drops it.
 */
final class MasterForJobs implements AutoCloseable {

  final TestDatabase database;
  final PGSimpleDataSource dataSource;

  MasterForJobs(String prefix) {
    database = TestDatabases.postgres().createDatabase(prefix);
    Flyway.configure()
        .dataSource(database.jdbcUrl(), database.username(), database.password())
        .locations("classpath:db/master")
        .load()
        .migrate();
    dataSource = new PGSimpleDataSource();
    dataSource.setUrl(database.jdbcUrl());
    dataSource.setUser(database.username());
    dataSource.setPassword(database.password());
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
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setObject(i + 1, values[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
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
    database.close();
  }
}
