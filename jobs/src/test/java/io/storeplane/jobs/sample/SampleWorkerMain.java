package io.storeplane.jobs.sample;

import io.storeplane.jobs.JobChanges;
import io.storeplane.jobs.JobEngine;
import io.storeplane.jobs.JobKinds;
import io.storeplane.jobs.JobMetrics;
import io.storeplane.jobs.JobRunner;
import io.storeplane.jobs.JobStore;
import io.storeplane.jobs.JobTransactions;
import io.storeplane.jobs.RunListener;
import java.time.Clock;
import java.time.Duration;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A bare worker process: one job engine with the sample kind on a master database, polling every 50
 * ms until it is killed. Arguments: JDBC URL, user, password, lease in milliseconds, worker id.
 */
public final class SampleWorkerMain {

  private SampleWorkerMain() {}

  public static void main(String[] args) throws Exception {
    PGSimpleDataSource master = new PGSimpleDataSource();
    master.setUrl(args[0]);
    master.setUser(args[1]);
    master.setPassword(args[2]);
    JobStore store =
        new JobStore(
            JobTransactions.plain(master), JobKinds.of(new SampleKind(master)), JobChanges.NONE);
    Clock clock = Clock.systemUTC();
    JobEngine engine =
        new JobEngine(
            args[4],
            store,
            new JobRunner(store, clock, RunListener.NONE, JobMetrics.none()),
            clock,
            Duration.ofMillis(Long.parseLong(args[3])),
            1,
            JobMetrics.none());
    System.out.println("worker " + args[4] + " polling");
    while (true) {
      engine.poll();
      Thread.sleep(50);
    }
  }
}
