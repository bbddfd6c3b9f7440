package io.storeplane.testing.supabase;

import com.sun.net.httpserver.HttpServer;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A faithful stand-in for Supabase, for tests: one HTTP server on 127.0.0.1 answering the subset of
 * the Management API ({@code /v1/...}) and of PostgREST ({@code /<ref>/rest/v1/...}) that
 * Storeplane uses, with the status codes, headers and bodies documented in {@code
 * /work/shared/reference/supabase.md}. A project is a real database on the given PostgreSQL server:
 * run-SQL executes for real and the PostgREST subset translates filters to SQL.
 *
 * <p>Project URLs are {@code http://127.0.0.1:<port>/<ref>} instead of {@code
 * https://<ref>.supabase.co}; the Data API is at {@code <projectUrl>/rest/v1} as on Supabase.
 *
 * <p>Scripting: {@link #nextProjects(ProjectScript)} decides how new projects come up, {@link
 * #rateLimitNext(int, long)}, {@link #failNext(int, int, String)} and {@link
 * #loseNextCreateAnswers(int, int, String)} inject Management API failures, {@link
 * DoubleProject#staleSchemaCacheFor(int)} delays the PostgREST schema cache.
 *
 * <p>{@link #close()} stops the server and drops every project database. The roles {@code anon},
 * {@code authenticated} and {@code service_role} (with BYPASSRLS) are created on the server if
 * missing and left there: roles are cluster-wide and other doubles may share them.
 */
public final class SupabaseDouble implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final TestServer server;
  private final Clock clock;
  private final HttpServer http;
  private final ExecutorService executor;
  private final String accessToken;
  private final String organizationSlug;
  private final Map<String, DoubleProject> projects = new ConcurrentHashMap<>();
  private final List<String> requestLog = new CopyOnWriteArrayList<>();
  private final AtomicReference<ProjectScript> nextScript =
      new AtomicReference<>(ProjectScript.healthyAfter(1));
  private final FaultPlan faults = new FaultPlan();

  private SupabaseDouble(TestServer server, Clock clock) throws IOException {
    if (server.engine() != Engine.POSTGRESQL) {
      throw new IllegalArgumentException("The Supabase double needs a PostgreSQL server");
    }
    this.server = server;
    this.clock = clock;
    this.accessToken = "sbp_" + hex(40);
    this.organizationSlug = letters(20);
    createRoles(server);
    this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.executor = Executors.newFixedThreadPool(4, r -> daemon(r, "supabase-double"));
    http.setExecutor(executor);
    ManagementRoutes management = new ManagementRoutes(this);
    PostgrestRoutes postgrest = new PostgrestRoutes(this);
    http.createContext(
        "/",
        exchange -> {
          HttpCall call = new HttpCall(exchange);
          requestLog.add(call.method() + " " + exchange.getRequestURI().getRawPath());
          try {
            if (call.path().startsWith("/v1/")) {
              management.handle(call);
            } else {
              postgrest.handle(call);
            }
          } catch (Exception e) {
            call.message(500, "Supabase double failed: " + e);
          } finally {
            exchange.close();
          }
        });
    http.start();
  }

  /** Starts a double whose projects are databases on {@code server}. */
  public static SupabaseDouble start(TestServer server) {
    return start(server, Clock.systemUTC());
  }

  /** Starts a double reading time (rate-limit windows, creation dates) from {@code clock}. */
  public static SupabaseDouble start(TestServer server, Clock clock) {
    try {
      return new SupabaseDouble(Objects.requireNonNull(server), Objects.requireNonNull(clock));
    } catch (IOException e) {
      throw new IllegalStateException("Could not start the Supabase double", e);
    }
  }

  /** The Management API base URL, e.g. {@code http://127.0.0.1:41234}; paths start with /v1. */
  public URI managementUrl() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  /** The project URL of {@code ref}; its Data API is at {@code <projectUrl>/rest/v1}. */
  public URI projectUrl(String ref) {
    return URI.create(managementUrl() + "/" + ref);
  }

  /** The one personal access token the Management API accepts. */
  public String accessToken() {
    return accessToken;
  }

  /** The slug of the one organization the token may create projects in. */
  public String organizationSlug() {
    return organizationSlug;
  }

  /** The project {@code ref}, if it exists (not deleted). */
  public Optional<DoubleProject> project(String ref) {
    return Optional.ofNullable(projects.get(ref));
  }

  /** Every live project. */
  public List<DoubleProject> projects() {
    return List.copyOf(projects.values());
  }

  /** Makes projects created from now on follow {@code script}. Default: healthy after one poll. */
  public void nextProjects(ProjectScript script) {
    nextScript.set(Objects.requireNonNull(script));
  }

  /**
   * Answers the next {@code requests} Management API requests with 429 and {@code
   * X-RateLimit-Remaining: 0}, {@code X-RateLimit-Reset: resetSeconds}.
   */
  public void rateLimitNext(int requests, long resetSeconds) {
    faults.rateLimit(requests, resetSeconds);
  }

  /** Answers the next {@code requests} Management API requests with {@code status, {message}}. */
  public void failNext(int requests, int status, String message) {
    faults.fail(requests, status, message);
  }

  /**
   * Makes the next {@code creates} project creations happen but answer {@code status, {message}}
   * instead of 201, as when Supabase created the project and the answer was lost on the way.
   */
  public void loseNextCreateAnswers(int creates, int status, String message) {
    faults.loseCreateAnswers(creates, status, message);
  }

  /** Every request received so far, as {@code "METHOD /raw/path"}, oldest first. */
  public List<String> requestLog() {
    return List.copyOf(requestLog);
  }

  /** Creates a project directly, as if an existing one had been made in the Supabase dashboard. */
  public DoubleProject createExistingProject(String name) {
    return createProject(
        name,
        organizationSlug,
        "eu-central-1",
        letters(16),
        ProjectScript.stuck(ProjectScript.ACTIVE_HEALTHY));
  }

  /** Stops the server and drops every project database. */
  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
    List<RuntimeException> failures = new ArrayList<>();
    for (DoubleProject project : projects.values()) {
      try {
        project.database().close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    projects.clear();
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }

  TestServer server() {
    return server;
  }

  Clock clock() {
    return clock;
  }

  FaultPlan faults() {
    return faults;
  }

  ProjectScript takeScript() {
    return nextScript.get();
  }

  DoubleProject createProject(
      String name, String organization, String region, String dbPass, ProjectScript script) {
    String ref = letters(20);
    DoubleProject project =
        new DoubleProject(
            ref,
            name,
            organization,
            region,
            dbPass,
            clock.instant(),
            server.createDatabase("sbproj"),
            script,
            DoubleKeys.generate(ref));
    projects.put(ref, project);
    return project;
  }

  Optional<DoubleProject> remove(String ref) {
    return Optional.ofNullable(projects.remove(ref));
  }

  /** The project and role a PostgREST {@code apikey} belongs to. */
  Optional<Map.Entry<DoubleProject, String>> keyOwner(String ref, String key) {
    DoubleProject project = projects.get(ref);
    if (project == null) {
      return Optional.empty();
    }
    String role = project.keys().roleOf(key);
    return role == null ? Optional.empty() : Optional.of(Map.entry(project, role));
  }

  private static void createRoles(TestServer server) {
    String sql =
        """
        DO $$
        BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anon') THEN
            CREATE ROLE anon NOLOGIN NOINHERIT;
          END IF;
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN
            CREATE ROLE authenticated NOLOGIN NOINHERIT;
          END IF;
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
            CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS;
          END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
          NULL;
        END
        $$""";
    try (Connection connection = server.connectAdmin("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create the Supabase roles: " + e.getMessage(), e);
    }
  }

  static String letters(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append((char) ('a' + RANDOM.nextInt(26)));
    }
    return out.toString();
  }

  private static String hex(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(Character.forDigit(RANDOM.nextInt(16), 16));
    }
    return out.toString();
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }
}
