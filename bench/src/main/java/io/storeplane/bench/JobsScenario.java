package io.storeplane.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.storeplane.jobs.JobChanges;
import io.storeplane.jobs.JobContext;
import io.storeplane.jobs.JobEnd;
import io.storeplane.jobs.JobEngine;
import io.storeplane.jobs.JobKind;
import io.storeplane.jobs.JobKinds;
import io.storeplane.jobs.JobMetrics;
import io.storeplane.jobs.JobRecord;
import io.storeplane.jobs.JobResult;
import io.storeplane.jobs.JobRunner;
import io.storeplane.jobs.JobStore;
import io.storeplane.jobs.JobTransactions;
import io.storeplane.jobs.NewJob;
import io.storeplane.jobs.RunListener;
import io.storeplane.jobs.StepOutcome;
import io.storeplane.master.server.DatabaseEngine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * The job engine ({@code jobs} module) against the least a {@code FOR UPDATE SKIP LOCKED} queue can
 * do, on one fresh master database migrated with the master migrations, in the same run:
 *
 * <ol>
 *   <li><b>Throughput</b>, per thread count T: {@code --jobs} queued jobs of a kind that does
 *       nothing (and of a kind with one recorded step) run by one {@link JobEngine} with T threads,
 *       driven as the application drives it ({@link JobEngine#claim()} from one driver thread,
 *       sleeping 1 ms when it claims nothing; {@link JobEngine#poll()} once a second); against T
 *       bare threads each looping {@code BEGIN; SELECT ... FOR UPDATE SKIP LOCKED; UPDATE ...
 *       SUCCEEDED; COMMIT} on a connection of its own. Same table, same rows (one bulk INSERT each,
 *       after a TRUNCATE), jobs/s from the first claim until the database has every job finished.
 *   <li><b>Claim-to-start latency</b>: the engine idle at T threads, one job queued at a time at
 *       {@code --rate} per second through {@link JobStore#enqueue} with {@link JobEngine#claim()}
 *       right after (the application's wake-up); from just before the enqueue to the kind's run
 *       starting. Against one bare worker polling with SKIP LOCKED as fast as it can: from just
 *       before the same enqueue to the worker having the row.
 * </ol>
 */
final class JobsScenario {

  private static final String NOOP = "bench-noop";
  private static final String STEP = "bench-step";
  private static final String BARE = "bench-bare";
  private static final String DRIP = "bench-drip";
  private static final String BARE_DRIP = "bench-bare-drip";
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final Duration LIMIT = Duration.ofMinutes(3);
  private static final long POLL_EVERY = TimeUnit.SECONDS.toNanos(1);

  /** Held so the level set on it stays (JUL keeps loggers weakly). */
  private static final Logger JOBS_LOG = Logger.getLogger("io.storeplane.jobs");

  private final int jobs;
  private final List<Integer> threads;
  private final int rounds;
  private final int warmup;
  private final int drip;
  private final int rate;
  private final Clock clock = Clock.systemUTC();

  private BenchServers.Server server;
  private String url;
  private Connection monitor;

  JobsScenario(BenchOptions options) {
    this.jobs = options.positiveInteger("jobs", 2000);
    this.threads = options.positiveIntegers("threads", "1,4,16");
    this.rounds = options.positiveInteger("rounds", 2);
    this.warmup = options.integer("warmup", 500);
    this.drip = options.positiveInteger("drip", 600);
    this.rate = options.positiveInteger("rate", 200);
  }

  void run() throws Exception {
    server = BenchServers.Server.of(DatabaseEngine.POSTGRESQL);
    System.out.println("database: " + server.describe());
    // One INFO line per finished job would measure the terminal; warnings and errors still show.
    JOBS_LOG.setLevel(Level.WARNING);
    try (BenchServers servers = new BenchServers()) {
      String database = servers.master(server);
      url = server.url(database);
      System.out.println("master database: " + database + " (master migrations applied)");
      try (Connection m = connect()) {
        monitor = m;
        measure();
      }
    }
  }

  private void measure() throws Exception {
    if (warmup > 0) {
      int t = Math.min(4, threads.stream().mapToInt(Integer::intValue).max().orElse(4));
      engine(t, new Noop(NOOP), warmup);
      engine(t, new OneStep(STEP), warmup);
      bare(t, warmup);
      System.out.printf("Warm-up: %d jobs per path at %d threads, not counted.%n%n", warmup, t);
    }
    Table detail =
        new Table(
            "round",
            "threads",
            "path",
            "jobs",
            "seconds",
            "jobs/s",
            "transactions per job",
            "checked");
    Map<Integer, double[]> sums = new TreeMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (int t : threads) {
        double[] sum = sums.computeIfAbsent(t, k -> new double[3]);
        List<Run> runs = new ArrayList<>();
        // Alternate the order from round to round so neither side always runs on a warmer JIT.
        if (round % 2 == 1) {
          runs.add(bare(t, jobs));
          runs.add(engine(t, new Noop(NOOP), jobs));
          runs.add(engine(t, new OneStep(STEP), jobs));
        } else {
          runs.add(engine(t, new OneStep(STEP), jobs));
          runs.add(engine(t, new Noop(NOOP), jobs));
          runs.add(bare(t, jobs));
        }
        for (Run r : runs) {
          detail.row(
              round,
              t,
              r.path,
              r.jobs,
              r.seconds(),
              r.perSecond(),
              r.transactionsPerJob(),
              r.checked);
          sum[r.index] += r.perSecond();
        }
      }
    }
    System.out.printf(
        "Throughput: %d jobs per run, %d round(s); the engine's pool is threads + 2; ratios from"
            + " the mean jobs/s over the rounds.%n%n",
        jobs, rounds);
    Table ratios =
        new Table(
            "threads",
            "ratio engine/bare (no step)",
            "ratio engine/bare (1 step)",
            "engine, no step: jobs/s",
            "engine, 1 step: jobs/s",
            "bare SKIP LOCKED loop: jobs/s");
    sums.forEach(
        (t, sum) ->
            ratios.row(
                t,
                sum[1] / sum[0],
                sum[2] / sum[0],
                sum[1] / rounds,
                sum[2] / rounds,
                sum[0] / rounds));
    ratios.print();
    detail.print();

    Table latency =
        new Table(
            "threads",
            "jobs/s queued",
            "ratio engine/bare (p50)",
            "engine p50 ms",
            "engine p99 ms",
            "engine max ms",
            "bare p50 ms",
            "bare p99 ms",
            "bare max ms");
    for (int t : threads) {
      // Well under capacity: at most half the engine's measured rate at T (one thread cannot keep
      // up with 200/s), so latency is the claim's, not a queue's.
      double[] sum = sums.get(t);
      int at = sum == null ? rate : (int) Math.max(1, Math.min(rate, sum[1] / rounds / 2));
      Histogram engine = engineDrip(t, at);
      Histogram bare = bareDrip(at);
      latency.row(
          t,
          at,
          engine.getValueAtPercentile(50) / (double) bare.getValueAtPercentile(50),
          millis(engine.getValueAtPercentile(50)),
          millis(engine.getValueAtPercentile(99)),
          millis(engine.getMaxValue()),
          millis(bare.getValueAtPercentile(50)),
          millis(bare.getValueAtPercentile(99)),
          millis(bare.getMaxValue()));
    }
    System.out.printf(
        "Claim-to-start latency: %d jobs queued one at a time at up to %d/s (at most half the"
            + " engine's no-step rate at that thread count) through JobStore.enqueue;"
            + " engine: claim() right after each enqueue, latency to the kind's run starting;"
            + " bare: one worker polling with SKIP LOCKED as fast as it can, latency to it having"
            + " the row.%n%n",
        drip, rate);
    latency.print();
  }

  // ---------------------------------------------------------------- throughput

  /** One measured run of a path. */
  private record Run(
      String path, int index, int jobs, long nanos, long transactions, String checked) {

    double seconds() {
      return nanos / 1e9;
    }

    double perSecond() {
      return jobs / seconds();
    }

    double transactionsPerJob() {
      return transactions / (double) jobs;
    }
  }

  private Run engine(int t, CountingKind kind, int count) throws Exception {
    reset();
    bulkEnqueue(kind.name(), count);
    kind.expect(count);
    AtomicLong transactions = new AtomicLong();
    try (HikariDataSource pool = pool(t + 2)) {
      JobTransactions plain = JobTransactions.plain(pool);
      JobTransactions counted =
          new JobTransactions() {
            @Override
            public <T> T inTransaction(Work<T> work) {
              transactions.incrementAndGet();
              return plain.inTransaction(work);
            }

            @Override
            public Span begin() {
              // the bench's kind records no step after it runs, so no write joins a span
              transactions.incrementAndGet();
              return plain.begin();
            }
          };
      JobStore store = new JobStore(counted, JobKinds.of(kind), JobChanges.NONE);
      JobRunner runner = new JobRunner(store, clock, RunListener.NONE, JobMetrics.none());
      try (JobEngine engine =
          new JobEngine("bench-" + t, store, runner, clock, LEASE, t, JobMetrics.none())) {
        long start = System.nanoTime();
        long deadline = start + LIMIT.toNanos();
        long nextPoll = start + POLL_EVERY;
        while (kind.remaining() > 0) {
          long now = System.nanoTime();
          int claimed;
          if (now >= nextPoll) {
            nextPoll += POLL_EVERY;
            claimed = engine.poll();
          } else {
            claimed = engine.claim();
          }
          if (claimed == 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
          }
          if (now > deadline) {
            throw new IllegalStateException(
                "The engine did not finish %d jobs within %s (%d left)"
                    .formatted(count, LIMIT, kind.remaining()));
          }
        }
        long end = confirmed(kind.name(), count);
        String checked = checked(kind.name(), count, kind instanceof OneStep ? count : 0, true);
        String path = kind instanceof OneStep ? "engine, 1 step" : "engine, no step";
        return new Run(
            path, kind instanceof OneStep ? 2 : 1, count, end - start, transactions.get(), checked);
      }
    }
  }

  private Run bare(int t, int count) throws Exception {
    reset();
    bulkEnqueue(BARE, count);
    List<Connection> connections = new ArrayList<>();
    AtomicLong transactions = new AtomicLong();
    try {
      for (int i = 0; i < t; i++) {
        Connection c = connect();
        c.setAutoCommit(false);
        connections.add(c);
      }
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> workers = new ArrayList<>();
      List<Throwable> failures = new ArrayList<>();
      for (Connection c : connections) {
        Thread worker =
            new Thread(
                () -> {
                  try {
                    go.await();
                    bareLoop(c, transactions);
                  } catch (Throwable e) {
                    synchronized (failures) {
                      failures.add(e);
                    }
                  }
                },
                "bare-worker");
        worker.setDaemon(true);
        workers.add(worker);
        worker.start();
      }
      long start = System.nanoTime();
      go.countDown();
      for (Thread worker : workers) {
        worker.join(LIMIT.toMillis());
        if (worker.isAlive()) {
          throw new IllegalStateException("A bare worker did not finish within " + LIMIT);
        }
      }
      if (!failures.isEmpty()) {
        throw new IllegalStateException("A bare worker failed", failures.get(0));
      }
      long end = confirmed(BARE, count);
      return new Run(
          "bare SKIP LOCKED loop",
          0,
          count,
          end - start,
          transactions.get(),
          checked(BARE, count, 0, false));
    } finally {
      for (Connection c : connections) {
        c.close();
      }
    }
  }

  private static final String BARE_SELECT =
      "SELECT id FROM jobs WHERE status = 'QUEUED' AND kind = ? AND run_after <= now() ORDER BY"
          + " run_after LIMIT 1 FOR UPDATE SKIP LOCKED";
  private static final String BARE_UPDATE =
      "UPDATE jobs SET status = 'SUCCEEDED', finished_at = now(), updated_at = now() WHERE id = ?";

  /** Claims and finishes jobs until it finds none free (no more are coming). */
  private static void bareLoop(Connection c, AtomicLong transactions) throws SQLException {
    try (PreparedStatement select = c.prepareStatement(BARE_SELECT);
        PreparedStatement update = c.prepareStatement(BARE_UPDATE)) {
      select.setString(1, BARE);
      while (true) {
        Object id = null;
        try (ResultSet rs = select.executeQuery()) {
          if (rs.next()) {
            id = rs.getObject(1);
          }
        }
        if (id != null) {
          update.setObject(1, id);
          update.executeUpdate();
        }
        c.commit();
        transactions.incrementAndGet();
        if (id == null) {
          return;
        }
      }
    }
  }

  // ---------------------------------------------------------------- latency

  private Histogram engineDrip(int t, int rate) throws Exception {
    reset();
    Drip kind = new Drip();
    kind.expect(drip);
    try (HikariDataSource pool = pool(t + 2)) {
      JobStore store =
          new JobStore(JobTransactions.plain(pool), JobKinds.of(kind), JobChanges.NONE);
      JobRunner runner = new JobRunner(store, clock, RunListener.NONE, JobMetrics.none());
      try (JobEngine engine =
          new JobEngine("bench-drip-" + t, store, runner, clock, LEASE, t, JobMetrics.none())) {
        engine.poll();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long next = System.nanoTime();
        long nextPoll = next + POLL_EVERY;
        for (int i = 0; i < drip; i++) {
          waitUntil(next);
          next += interval;
          long t0 = System.nanoTime();
          store.enqueue(NewJob.of(DRIP).parameter("t0", t0), clock.instant());
          engine.claim();
          if (System.nanoTime() >= nextPoll) {
            nextPoll += POLL_EVERY;
            engine.poll();
          }
        }
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (kind.remaining() > 0) {
          // Jobs left behind (none expected: a claim follows every enqueue) are the periodic
          // round's.
          engine.poll();
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("Drip jobs did not finish within " + LIMIT);
          }
        }
        confirmed(DRIP, drip);
        return kind.latencies;
      }
    }
  }

  private Histogram bareDrip(int rate) throws Exception {
    reset();
    Histogram latencies = new Histogram(TimeUnit.MINUTES.toNanos(5), 3);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong seen = new AtomicLong();
    List<Throwable> failures = new ArrayList<>();
    try (HikariDataSource pool = pool(2);
        Connection c = connect()) {
      c.setAutoCommit(false);
      JobStore store =
          new JobStore(
              JobTransactions.plain(pool), JobKinds.of(new Noop(BARE_DRIP)), JobChanges.NONE);
      Thread worker =
          new Thread(
              () -> {
                try (PreparedStatement select =
                        c.prepareStatement(
                            "SELECT id, CAST(parameters ->> 't0' AS bigint) FROM jobs WHERE"
                                + " status = 'QUEUED' AND kind = ? AND run_after <= now() ORDER"
                                + " BY run_after LIMIT 1 FOR UPDATE SKIP LOCKED");
                    PreparedStatement update = c.prepareStatement(BARE_UPDATE)) {
                  select.setString(1, BARE_DRIP);
                  while (!stop.get()) {
                    Object id = null;
                    try (ResultSet rs = select.executeQuery()) {
                      if (rs.next()) {
                        id = rs.getObject(1);
                        latencies.recordValue(Math.max(0, System.nanoTime() - rs.getLong(2)));
                      }
                    }
                    if (id != null) {
                      update.setObject(1, id);
                      update.executeUpdate();
                      seen.incrementAndGet();
                    }
                    c.commit();
                  }
                } catch (Throwable e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                }
              },
              "bare-drip-worker");
      worker.setDaemon(true);
      worker.start();
      long interval = TimeUnit.SECONDS.toNanos(1) / rate;
      long next = System.nanoTime();
      for (int i = 0; i < drip; i++) {
        waitUntil(next);
        next += interval;
        long t0 = System.nanoTime();
        store.enqueue(NewJob.of(BARE_DRIP).parameter("t0", t0), clock.instant());
      }
      long deadline = System.nanoTime() + LIMIT.toNanos();
      while (seen.get() < drip && failures.isEmpty() && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
      stop.set(true);
      worker.join(10_000);
      if (!failures.isEmpty()) {
        throw new IllegalStateException("The bare drip worker failed", failures.get(0));
      }
      confirmed(BARE_DRIP, drip);
      return latencies;
    }
  }

  private static void waitUntil(long nanoTime) {
    long wait;
    while ((wait = nanoTime - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }

  // ---------------------------------------------------------------- kinds

  /** A bench kind that counts the jobs it ended (told inside the finishing transaction). */
  private abstract static class CountingKind implements JobKind {

    private final String name;
    private volatile CountDownLatch left = new CountDownLatch(0);

    CountingKind(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    void expect(int count) {
      left = new CountDownLatch(count);
    }

    long remaining() {
      return left.getCount();
    }

    @Override
    public void ended(JobRecord job, JobEnd end) {
      left.countDown();
    }
  }

  /** Does nothing, records nothing. */
  private static final class Noop extends CountingKind {

    Noop(String name) {
      super(name);
    }

    @Override
    public JobResult run(JobContext job) {
      return JobResult.succeeded("ok");
    }
  }

  /** One recorded step that does nothing. */
  private static final class OneStep extends CountingKind {

    OneStep(String name) {
      super(name);
    }

    @Override
    public JobResult run(JobContext job) {
      job.step("noop", () -> StepOutcome.done("ok"));
      return JobResult.succeeded("ok");
    }
  }

  /** Records from the job's {@code t0} (System.nanoTime before its enqueue) to its run starting. */
  private static final class Drip extends CountingKind {

    final Histogram latencies = new SynchronizedHistogram(TimeUnit.MINUTES.toNanos(5), 3);

    Drip() {
      super(DRIP);
    }

    @Override
    public JobResult run(JobContext job) {
      long started = System.nanoTime();
      long t0 = ((Number) job.parameters().get("t0")).longValue();
      latencies.recordValue(Math.max(0, started - t0));
      return JobResult.succeeded("ok");
    }
  }

  // ---------------------------------------------------------------- database

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(url, server.user(), server.password());
  }

  private HikariDataSource pool(int size) throws InterruptedException {
    HikariConfig config = new HikariConfig();
    config.setPoolName("bench-jobs");
    config.setJdbcUrl(url);
    config.setUsername(server.user());
    config.setPassword(server.password());
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    HikariDataSource pool = new HikariDataSource(config);
    // Start timing with the pool full, as a running application's is.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (pool.getHikariPoolMXBean().getTotalConnections() < size
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return pool;
  }

  /** Empties the queue so every run starts on the same table. */
  private void reset() throws SQLException {
    try (Statement s = monitor.createStatement()) {
      s.execute("TRUNCATE job_steps, jobs");
    }
  }

  /** Queues {@code count} due jobs of {@code kind} in one INSERT, oldest first, then ANALYZE. */
  private void bulkEnqueue(String kind, int count) throws SQLException {
    try (PreparedStatement s =
        monitor.prepareStatement(
            "INSERT INTO jobs (id, kind, status, progress, message, units_done, units_total,"
                + " attempt, failures, max_attempts, run_after, parameters, created_at,"
                + " updated_at) SELECT gen_random_uuid(), ?, 'QUEUED', 0, 'Queued', 0, 0, 0, 0,"
                + " 5, now() - interval '1 second' + g * interval '1 microsecond', '{}'::jsonb,"
                + " now(), now() FROM generate_series(1, ?) g")) {
      s.setString(1, kind);
      s.setInt(2, count);
      s.executeUpdate();
    }
    try (Statement s = monitor.createStatement()) {
      s.execute("ANALYZE jobs");
    }
  }

  /**
   * Waits until the database has {@code count} jobs of {@code kind} finished and returns the time
   * it first said so.
   */
  private long confirmed(String kind, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      long finished =
          count("SELECT count(*) FROM jobs WHERE kind = ? AND finished_at IS NOT NULL", kind);
      long now = System.nanoTime();
      if (finished >= count) {
        return now;
      }
      if (now > deadline) {
        throw new IllegalStateException(
            "The database has %d of %d %s jobs finished".formatted(finished, count, kind));
      }
      Thread.sleep(1);
    }
  }

  /** What the database says of the run: every job succeeded once, with its steps. */
  private String checked(String kind, int count, int steps, boolean engine) throws SQLException {
    long succeeded =
        count("SELECT count(*) FROM jobs WHERE kind = ? AND status = 'SUCCEEDED'", kind);
    long attempts = count("SELECT coalesce(max(attempt), 0) FROM jobs WHERE kind = ?", kind);
    long recorded =
        count(
            "SELECT count(*) FROM job_steps s JOIN jobs j ON j.id = s.job_id WHERE j.kind = ? AND"
                + " s.status = 'SUCCEEDED'",
            kind);
    if (succeeded != count || recorded != steps || (engine && attempts != 1)) {
      throw new IllegalStateException(
          "The database disagrees: %d of %d %s jobs succeeded, %d of %d steps, max attempt %d"
              .formatted(succeeded, count, kind, recorded, steps, attempts));
    }
    return steps > 0
        ? "%d/%d succeeded, %d steps".formatted(succeeded, count, recorded)
        : "%d/%d succeeded".formatted(succeeded, count);
  }

  private long count(String sql, String kind) throws SQLException {
    try (PreparedStatement s = monitor.prepareStatement(sql)) {
      s.setString(1, kind);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
