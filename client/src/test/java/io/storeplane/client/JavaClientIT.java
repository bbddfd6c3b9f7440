package io.storeplane.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.storeplane.client.api.AccessApi;
import io.storeplane.client.api.ProvisioningApi;
import io.storeplane.client.api.StoreDataApi;
import io.storeplane.client.api.StoresApi;
import io.storeplane.client.model.CreateStoreRequest;
import io.storeplane.client.model.CreateTokenRequest;
import io.storeplane.client.model.CreatedTokenResponse;
import io.storeplane.client.model.DataPage;
import io.storeplane.client.model.DatabaseOption;
import io.storeplane.client.model.DeprovisionRequest;
import io.storeplane.client.model.JobStatusResponse;
import io.storeplane.client.model.ManagedDatabaseOption;
import io.storeplane.client.model.Problem;
import io.storeplane.client.model.StoreResponse;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import io.storeplane.testing.db.TestServer;
import io.storeplane.testing.process.AppProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated Java client against the packaged application (api's quarkus-run.jar, on a fresh
 * master database of the tests' PostgreSQL, which is also its default managed PostgreSQL server),
 * using nothing but the client: onboard a store with a managed PostgreSQL database, wait for its
 * provisioning job, create a store token, and read and write the store's products with it; a
 * refusal reads as the generated {@link Problem}. The same flow runs a second time through Prism as
 * a validating proxy ({@code prism proxy <document> <app> --errors}), failing on any response Prism
 * finds at odds with the document, when a Prism executable is found.
 */
class JavaClientIT {

  private static final Path APP =
      Path.of(System.getProperty("storeplane.app", "../api/target/quarkus-app/quarkus-run.jar"));
  private static final Path DOCUMENT =
      Path.of(
          System.getProperty("storeplane.openapi.document", "../api/target/openapi/openapi.json"));
  private static final Path ROOT = Path.of(System.getProperty("storeplane.repository.root", ".."));
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);
  private static final SecureRandom RANDOM = new SecureRandom();

  private static TestDatabase master;
  private static AppProcess app;
  private static String adminToken;
  private static final List<StoreResponse> created = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startTheApplication() throws Exception {
    master = TestDatabases.postgres().createDatabase("client");
    adminToken = "spclient-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random(24));
    Map<String, String> environment = new HashMap<>();
    environment.put("JAVA_TOOL_OPTIONS", AppProcess.FAST_START_JVM_OPTIONS);
    environment.put("QUARKUS_DATASOURCE_JDBC_URL", master.jdbcUrl());
    environment.put("QUARKUS_DATASOURCE_USERNAME", master.username());
    environment.put("QUARKUS_DATASOURCE_PASSWORD", master.password());
    environment.put("STOREPLANE_EMBEDDED_POSTGRES", "false");
    environment.put("STOREPLANE_BOOTSTRAP_ADMIN_TOKEN", adminToken);
    environment.put(
        "STOREPLANE_CRYPTO_KEYS_CLIENT", Base64.getEncoder().encodeToString(random(32)));
    // The managed server is the local one (the master's): loopback must be allowed.
    environment.put("STOREPLANE_OUTBOUND_ALLOW_LOOPBACK", "true");
    environment.put("STOREPLANE_OUTBOUND_ALLOW_PRIVATE", "true");
    environment.put("STOREPLANE_OUTBOUND_DENY_MASTER_DATABASE", "false");
    // No warm pool or template on the tests' shared PostgreSQL: the production defaults would fill
    // a pool there that nothing drops when the instance stops (four sp_pool databases and logins,
    // and sp_template_v<N>, were left after a full build). The store is migrated by Flyway.
    environment.put("STOREPLANE_PROVISIONING_WARM_POOL_SIZE", "0");
    environment.put("STOREPLANE_PROVISIONING_TEMPLATE_ENABLED", "false");
    app =
        AppProcess.start(
            APP, "client-it", environment, Path.of("target", "client-it", master.name() + ".log"));
    app.awaitReady(START_TIMEOUT);
  }

  @AfterAll
  static void dropEverything() throws Exception {
    try {
      for (StoreResponse store : created) {
        purge(store);
      }
    } finally {
      try {
        if (app != null) {
          app.close();
        }
      } finally {
        if (master != null) {
          master.close();
        }
      }
    }
  }

  @Test
  void onboardsAStoreAndReadsAndWritesItsDataWithTheGeneratedClient() throws Exception {
    flow(baseUri(app.port()), null);
  }

  @Test
  void theSameFlowThroughPrismShowsNoResponseViolation() throws Exception {
    Path prism = prismExecutable();
    assumeTrue(
        prism != null,
        "Prism not found (STOREPLANE_PRISM, or .ci/.tools/node_modules/.bin/prism): install it with"
            + " npm install --prefix .ci/.tools @stoplight/prism-cli@5.16.0");
    int port = freePort();
    Path log = Path.of("target", "client-it", "prism-" + master.name() + ".log");
    Files.createDirectories(log.getParent());
    Process proxy =
        new ProcessBuilder(
                prism.toString(),
                "proxy",
                DOCUMENT.toAbsolutePath().toString(),
                "http://127.0.0.1:" + app.port(),
                "--errors",
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      awaitListening(proxy, port, log);
      List<String> violations = new CopyOnWriteArrayList<>();
      try {
        flow(baseUri(port), violations);
      } catch (ApiException e) {
        // With --errors, Prism answers a violation itself (422 for the request, 500 for the
        // response) with its own problem listing what is wrong; the flow cannot go on.
        if (e.getResponseBody() == null
            || !e.getResponseBody().contains("https://stoplight.io/prism/errors#")) {
          throw e;
        }
        violations.add("Prism stopped the flow, " + e.getMessage());
      }
      assertThat(violations)
          .as("responses Prism found at odds with the document (its log: %s)", log)
          .isEmpty();
    } finally {
      proxy.destroy();
      if (!proxy.waitFor(10, TimeUnit.SECONDS)) {
        proxy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Onboarding and store data, through the client only. Through Prism ({@code violations} not
   * null), every response's {@code sl-violations} header (Prism's report) is added to {@code
   * violations}, as "METHOD path status: report".
   */
  private static void flow(String baseUri, List<String> violations) throws Exception {
    ApiClient admin = client(baseUri, adminToken, violations);
    StoresApi stores = new StoresApi(admin);
    String slug = "client-" + UUID.randomUUID().toString().substring(0, 8);

    StoreResponse store =
        stores.createStore(
            StoresApi.APICreateStoreRequest.newBuilder()
                .createStoreRequest(
                    new CreateStoreRequest()
                        .name("Client Shoes")
                        .slug(slug)
                        .plan("starter")
                        .database(
                            new DatabaseOption(
                                new ManagedDatabaseOption()
                                    .type(ManagedDatabaseOption.TypeEnum.MANAGED_POSTGRESQL))))
                .build());
    created.add(store);
    assertThat(store.getSlug()).isEqualTo(slug);
    assertThat(store.getProvisioningJobId()).as("the onboarding's provisioning job").isNotNull();

    JobStatusResponse job = awaitJob(new ProvisioningApi(admin), store.getProvisioningJobId());
    assertThat(String.valueOf(job.getStatus()))
        .as("job %s: %s", job.getJobId(), job)
        .isEqualTo("succeeded");

    CreatedTokenResponse token =
        new AccessApi(admin)
            .createToken(
                AccessApi.APICreateTokenRequest.newBuilder()
                    .createTokenRequest(
                        new CreateTokenRequest().name("storefront").storeId(store.getId()))
                    .build());
    assertThat(token.getToken()).isNotBlank();

    StoreDataApi data = new StoreDataApi(client(baseUri, token.getToken(), violations));
    String id = store.getId().toString();
    Map<String, Object> product =
        data.createStoreRow(
            StoreDataApi.APICreateStoreRowRequest.newBuilder()
                .id(id)
                .table("products")
                .requestBody(Map.of("title", "Trail Runner", "slug", "trail-runner"))
                .build());
    assertThat(product).containsEntry("title", "Trail Runner").containsKey("id");
    String rowId = String.valueOf(product.get("id"));

    DataPage page =
        data.listStoreRows(
            StoreDataApi.APIListStoreRowsRequest.newBuilder().id(id).table("products").build());
    assertThat(page.getRows()).extracting(row -> row.get("slug")).contains("trail-runner");

    assertThat(
            data.getStoreRow(
                StoreDataApi.APIGetStoreRowRequest.newBuilder()
                    .id(id)
                    .table("products")
                    .rowId(rowId)
                    .build()))
        .containsEntry("slug", "trail-runner");

    Map<String, Object> updated =
        data.updateStoreRow(
            StoreDataApi.APIUpdateStoreRowRequest.newBuilder()
                .id(id)
                .table("products")
                .rowId(rowId)
                .requestBody(Map.of("title", "Trail Runner 2"))
                .build());
    assertThat(updated).containsEntry("title", "Trail Runner 2");

    data.deleteStoreRow(
        StoreDataApi.APIDeleteStoreRowRequest.newBuilder()
            .id(id)
            .table("products")
            .rowId(rowId)
            .build());
    ApiException gone =
        catchThrowableOfType(
            ApiException.class,
            () ->
                data.getStoreRow(
                    StoreDataApi.APIGetStoreRowRequest.newBuilder()
                        .id(id)
                        .table("products")
                        .rowId(rowId)
                        .build()));
    assertThat(gone.getCode()).isEqualTo(404);

    // A refusal is an ApiException whose body is the generated Problem.
    ApiException taken =
        catchThrowableOfType(
            ApiException.class,
            () ->
                stores.createStore(
                    StoresApi.APICreateStoreRequest.newBuilder()
                        .createStoreRequest(
                            new CreateStoreRequest().name("Again").slug(slug).plan("starter"))
                        .build()));
    assertThat(taken).as("creating a store with a taken slug").isNotNull();
    assertThat(taken.getCode()).isEqualTo(409);
    Problem problem = admin.getObjectMapper().readValue(taken.getResponseBody(), Problem.class);
    assertThat(problem.getCode()).isEqualTo("slug-taken");
    assertThat(problem.getStatus()).isEqualTo(409);
    assertThat(problem.getType()).hasToString("urn:storeplane:problem:slug-taken");
  }

  /** Polls the job's status until it ends (succeeded, failed or cancelled). */
  private static JobStatusResponse awaitJob(ProvisioningApi provisioning, UUID jobId)
      throws Exception {
    long giveUp = System.nanoTime() + JOB_TIMEOUT.toNanos();
    while (true) {
      JobStatusResponse job =
          provisioning.getProvisioningStatus(
              ProvisioningApi.APIGetProvisioningStatusRequest.newBuilder()
                  .jobId(jobId.toString())
                  .build());
      if (List.of("succeeded", "failed", "cancelled").contains(String.valueOf(job.getStatus()))
          || System.nanoTime() > giveUp) {
        return job;
      }
      Thread.sleep(250);
    }
  }

  /** A client of {@code baseUri} sending {@code token} as its bearer token. */
  private static ApiClient client(String baseUri, String token, List<String> violations) {
    ApiClient client = new ApiClient();
    if (violations != null) {
      // java.net.http asks a plain-http server to upgrade to HTTP/2 (Upgrade: h2c); Prism passes
      // that hop-by-hop header on to the application, which upgrades, and Prism then never
      // answers. HTTP/1.1 through the proxy; the direct pass keeps the client's default.
      client.setHttpClientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1));
      client.setResponseInterceptor(
          response ->
              response
                  .headers()
                  .allValues("sl-violations")
                  .forEach(
                      report ->
                          violations.add(
                              response.request().method()
                                  + " "
                                  + response.request().uri().getPath()
                                  + " "
                                  + response.statusCode()
                                  + ": "
                                  + report)));
    }
    client.updateBaseUri(baseUri);
    client.setReadTimeout(Duration.ofSeconds(30));
    client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
    return client;
  }

  /**
   * Purges a store's database through the client (the flow's stores are all on the local server),
   * and drops it directly when that fails, so nothing outlives the test.
   */
  private static void purge(StoreResponse store) throws Exception {
    ApiClient admin = client(baseUri(app.port()), adminToken, null);
    try {
      new ProvisioningApi(admin)
          .deprovisionStore(
              ProvisioningApi.APIDeprovisionStoreRequest.newBuilder()
                  .id(store.getId().toString())
                  .deprovisionRequest(
                      // By its wire names: the same code whether action is a string or an enum.
                      admin
                          .getObjectMapper()
                          .convertValue(
                              Map.of("action", "purge", "confirm", store.getSlug()),
                              DeprovisionRequest.class))
                  .build());
    } catch (ApiException e) {
      StoreResponse now =
          new StoresApi(admin)
              .getStore(
                  StoresApi.APIGetStoreRequest.newBuilder().id(store.getId().toString()).build());
      if (now.getDatabase() != null && now.getDatabase().getName() != null) {
        TestServer server = TestDatabases.postgres();
        try (Connection connection = server.connectAdmin("postgres");
            Statement statement = connection.createStatement()) {
          statement.execute(
              "DROP DATABASE IF EXISTS \""
                  + now.getDatabase().getName().replace("\"", "\"\"")
                  + "\" WITH (FORCE)");
        }
      }
    }
  }

  private static Path prismExecutable() {
    String configured = System.getenv("STOREPLANE_PRISM");
    Path prism =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : ROOT.resolve(".ci/.tools/node_modules/.bin/prism");
    return Files.isExecutable(prism) ? prism : null;
  }

  private static void awaitListening(Process proxy, int port, Path log) throws Exception {
    long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        if (!proxy.isAlive() || System.nanoTime() > giveUp) {
          throw new IllegalStateException(
              "Prism did not start listening on " + port + ": " + Files.readString(log));
        }
        Thread.sleep(200);
      }
    }
  }

  private static String baseUri(int port) {
    return "http://127.0.0.1:" + port;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static byte[] random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return value;
  }
}
