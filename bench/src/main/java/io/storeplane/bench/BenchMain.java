package io.storeplane.bench;

import java.util.Arrays;

/**
 * Runs one benchmark scenario and prints its tables in Markdown:
 *
 * <pre>
 * java -jar bench/target/storeplane-bench.jar routing     [--threads=4 --seconds=10]
 * java -jar bench/target/storeplane-bench.jar many-stores [--stores=500 --mysql-stores=100
 *                                                          --threads=16 --seconds=20 --budget=70]
 * java -jar bench/target/storeplane-bench.jar dead-store  [--stores=20 --threads=16 --seconds=15]
 * java -jar bench/target/storeplane-bench.jar onboarding  [--stores=20 --concurrency=1,4,16
 *                                                          --warmup=5 --poll-ms=20 --workers=16
 *                                                          --master-pool=20 --pool=50
 *                                                          --primed=50 --paths=floor,template,
 *                                                          flyway,pool --app=api/target/
 *                                                          quarkus-app/quarkus-run.jar]
 * java -jar bench/target/storeplane-bench.jar bus         [--events=2000 --warmup=200]
 * java -jar bench/target/storeplane-bench.jar jobs        [--jobs=2000 --threads=1,4,16
 *                                                          --rounds=2 --warmup=500 --drip=600
 *                                                          --rate=200]
 * java -jar bench/target/storeplane-bench.jar reports     [--stores=10000 --days=90 --runs=30
 *                                                          --warmup=5]
 * java -jar bench/target/storeplane-bench.jar sse-listeners [--listeners=0,1,10,100
 *                                                          --seconds=10 --settle=10
 *                                                          --master-pool=20 --app=api/target/
 *                                                          quarkus-app/quarkus-run.jar]
 * java -jar bench/target/storeplane-bench.jar metering    [--threads=8 --seconds=15 --warmup=5
 *                                                          --pairing=alternate|side-by-side
 *                                                          --windows=3
 *                                                          --rounds=2 --app=api/target/
 *                                                          quarkus-app/quarkus-run.jar]
 * java -jar bench/target/storeplane-bench.jar request-log [--entries=100000 --batch=100,500,2000
 *                                                        --baseline-entries=10000 --rounds=2
 *                                                        --offers=200000]
 * java -jar bench/target/storeplane-bench.jar rollup      [--stores=1000 --threads=4
 *                                                          --max-running=8 --max-per-server=4
 *                                                          --pool-size=2 --budget=60]
 * java -jar bench/target/storeplane-bench.jar rollout     [--pg-stores=1000 --mysql-stores=100
 *                                                          --parallelism=1,4,8,16
 *                                                          --setup-threads=4 --sample=20
 *                                                          --warmup=20
 *                                                          --app=api/target/quarkus-app/
 *                                                          quarkus-run.jar]
 * </pre>
 *
 * Every scenario creates its own databases ({@code spbench_*}) on the local PostgreSQL (and
 * MariaDB/MySQL for many-stores and onboarding; a master database for jobs and reports) and drops
 * them at the end.
 */
public final class BenchMain {

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
      return;
    }
    Bench.allowLocalDatabases();
    try {
      BenchOptions options = new BenchOptions(args, 1);
      System.out.println("# " + String.join(" ", Arrays.asList(args)));
      System.out.println("machine: " + Bench.machine());
      System.out.println();
      switch (args[0]) {
        case "routing" -> new RoutingScenario(options).run();
        case "many-stores" -> new ManyStoresScenario(options).run();
        case "dead-store" -> new DeadStoreScenario(options).run();
        case "onboarding" -> new OnboardingScenario(options).run();
        case "bus" -> new BusScenario(options).run();
        case "jobs" -> new JobsScenario(options).run();
        case "sse-listeners" -> new SseListenersScenario(options).run();
        case "metering" -> new MeteringScenario(options).run();
        case "metering-flush" -> new MeteringFlushScenario(options).run();
        case "reports" -> new ReportsScenario(options).run();
        case "request-log" -> new RequestLogScenario(options).run();
        case "rollup" -> new RollupScenario(options).run();
        case "rollout" -> new RolloutScenario(options).run();
        default -> usage();
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
    System.exit(0);
  }

  private static void usage() {
    System.out.println(
        "usage: java -jar bench/target/storeplane-bench.jar"
            + " routing|many-stores|dead-store|onboarding|bus|jobs|sse-listeners|metering"
            + "|metering-flush|reports|request-log|rollup|rollout [--name=value ...];"
            + " see docs/benchmarks.md");
  }
}
