package io.storeplane.api.cluster;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.storeplane.api.contract.ContractValidation;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import io.storeplane.testing.db.TestServer;
import io.storeplane.testing.process.AppProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * N instances of the packaged control plane ({@code target/quarkus-app/quarkus-run.jar}, built by
 * {@code package}) on one master database, for integration tests ({@code *IT}, run by failsafe
 * after {@code package}) of what only several instances show: job takeover after a crash, cluster
 * locks, cross-instance events.
 *
 * <p>The master database is a fresh, uniquely named one on the tests' PostgreSQL ({@link
 * TestDatabases}), dropped by {@link #close()} with what the instances made on the servers. Every
 * instance runs the production profile (the warm pool off unless a test's settings turn it on) on
 * 127.0.0.1 and a free port of its own, with the same bootstrap admin token ({@link #adminToken()})
 * and encryption key (made for this cluster), the tests' MySQL-protocol server as its default
 * managed MySQL server and outbound connections to loopback and private addresses allowed, the
 * master's server included (the test servers are local, as in the test profile), and JVM options
 * that make it start fast ({@link #JVM_OPTIONS}). Each instance's output goes to {@code
 * target/cluster-logs/<master database>/instance-<n>.log}, kept after the run.
 */
public final class ControlPlaneCluster implements AutoCloseable {

  /** The packaged application, relative to the api module (failsafe's working directory). */
  public static final Path APP = Path.of("target", "quarkus-app", "quarkus-run.jar");

  /** How long one instance may take to become ready on a busy 2-core machine. */
  public static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  /** JVM options for the instances ({@link AppProcess#FAST_START_JVM_OPTIONS}). */
  static final String JVM_OPTIONS = AppProcess.FAST_START_JVM_OPTIONS;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final TestDatabase master;
  private final String adminToken;
  private final List<AppProcess> instances = new ArrayList<>();
  private Map<String, String> environment = Map.of();
  private Filter contract;

  private ControlPlaneCluster(TestDatabase master, String adminToken) {
    this.master = master;
    this.adminToken = adminToken;
  }

  /** Starts {@code count} instances at once and waits until every one is ready. */
  public static ControlPlaneCluster start(int count) throws IOException, InterruptedException {
    return start(count, Map.of());
  }

  /**
   * Starts {@code count} instances at once, each with {@code settings} added to (or overriding) the
   * cluster's environment, e.g. {@code STOREPLANE_JOBS_WORKER_THREADS}, and waits until every one
   * is ready. A failure to start stops what did start and drops the database.
   */
  public static ControlPlaneCluster start(int count, Map<String, String> settings)
      throws IOException, InterruptedException {
    return start(count, master -> settings);
  }

  /**
   * Starts {@code count} instances with settings made from the cluster's new master database, e.g.
   * a {@code QUARKUS_DATASOURCE_JDBC_URL} that reaches it through a fault-injecting proxy.
   */
  public static ControlPlaneCluster start(
      int count, Function<TestDatabase, Map<String, String>> settings)
      throws IOException, InterruptedException {
    if (count < 1) {
      throw new IllegalArgumentException("A cluster needs at least one instance, not " + count);
    }
    ControlPlaneCluster cluster =
        new ControlPlaneCluster(
            TestDatabases.postgres().createDatabase("cluster"),
            "spcluster-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random(24)));
    try {
      cluster.environment = cluster.environment(settings.apply(cluster.master));
      for (int i = 0; i < count; i++) {
        cluster.launch(Map.of());
      }
      for (AppProcess instance : cluster.instances) {
        instance.awaitReady(START_TIMEOUT);
      }
      cluster.checkContract();
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * Starts one more instance on this cluster's master, with {@code settings} added to (or
   * overriding) the cluster's settings (e.g. a flush interval of its own), and waits until it is
   * ready; it is the next {@link #instance(int)} and {@link #close()} stops it with the others.
   */
  public AppProcess addInstance(Map<String, String> settings)
      throws IOException, InterruptedException {
    AppProcess added = launch(settings);
    added.awaitReady(START_TIMEOUT);
    return added;
  }

  private AppProcess launch(Map<String, String> settings) throws IOException {
    Map<String, String> own = new HashMap<>(environment);
    own.putAll(settings);
    String name = "instance-" + instances.size();
    Path log = Path.of("target", "cluster-logs", master.name(), name + ".log");
    AppProcess started = AppProcess.start(APP, name, own, log);
    instances.add(started);
    return started;
  }

  /** Instance {@code index} (from 0, in start order). */
  public AppProcess instance(int index) {
    return instances.get(index);
  }

  /** Every instance, in start order, running or not. */
  public List<AppProcess> instances() {
    return List.copyOf(instances);
  }

  /** The bootstrap platform admin's API token, valid on every instance. */
  public String adminToken() {
    return adminToken;
  }

  /** The master database every instance shares. */
  public TestDatabase master() {
    return master;
  }

  /** Kills instance {@code index} as {@code kill -9} does, and waits until it is gone. */
  public void kill(int index) throws InterruptedException {
    instances.get(index).kill();
  }

  /**
   * Checks every RestAssured response while the cluster runs against the OpenAPI document, as every
   * {@code @QuarkusTest} does ({@link ContractValidation}).
   */
  private void checkContract() {
    String base = instances.get(0).uri("/").toString().replaceAll("/$", "");
    Filter filter = ContractValidation.filter(base);
    if (!RestAssured.filters().contains(filter)) {
      RestAssured.filters(filter);
      contract = filter;
    }
  }

  /**
   * Stops every instance still running (SIGTERM, SIGKILL after 20 s), drops the databases and
   * logins the master knows its instances made ({@link ClusterLeftovers}), then the master.
   */
  @Override
  public void close() throws InterruptedException {
    if (contract != null) {
      List<Filter> others = new ArrayList<>(RestAssured.filters());
      others.remove(contract);
      RestAssured.replaceFiltersWith(others);
    }
    try {
      for (AppProcess instance : instances) {
        instance.close();
      }
    } finally {
      try {
        ClusterLeftovers.drop(master);
      } catch (SQLException e) {
        System.err.println("Could not drop what the cluster made on the test servers: " + e);
      }
      master.dropNow();
    }
  }

  private Map<String, String> environment(Map<String, String> settings) {
    TestServer mysql = TestDatabases.mysql();
    Map<String, String> environment = new HashMap<>();
    environment.put("JAVA_TOOL_OPTIONS", JVM_OPTIONS);
    environment.put("QUARKUS_DATASOURCE_JDBC_URL", master.jdbcUrl());
    environment.put("QUARKUS_DATASOURCE_USERNAME", master.username());
    environment.put("QUARKUS_DATASOURCE_PASSWORD", master.password());
    environment.put("STOREPLANE_EMBEDDED_POSTGRES", "false");
    environment.put("STOREPLANE_BOOTSTRAP_ADMIN_TOKEN", adminToken);
    environment.put(
        "STOREPLANE_CRYPTO_KEYS_CLUSTER", Base64.getEncoder().encodeToString(random(32)));
    environment.put("STOREPLANE_OUTBOUND_ALLOW_LOOPBACK", "true");
    environment.put("STOREPLANE_OUTBOUND_ALLOW_PRIVATE", "true");
    environment.put("STOREPLANE_OUTBOUND_DENY_MASTER_DATABASE", "false");
    environment.put("STOREPLANE_PROVISIONING_DEFAULT_MYSQL_HOST", mysql.host());
    environment.put("STOREPLANE_PROVISIONING_DEFAULT_MYSQL_PORT", String.valueOf(mysql.port()));
    environment.put("STOREPLANE_PROVISIONING_DEFAULT_MYSQL_USERNAME", mysql.adminUser());
    environment.put("STOREPLANE_PROVISIONING_DEFAULT_MYSQL_PASSWORD", mysql.adminPassword());
    // No warm pool unless a test asks for one: no IT needs it, and every instance's refills
    // (a template, four databases per server) load a busy two-core machine.
    environment.put("STOREPLANE_PROVISIONING_WARM_POOL_SIZE", "0");
    environment.putAll(settings);
    return environment;
  }

  private static byte[] random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return value;
  }
}
