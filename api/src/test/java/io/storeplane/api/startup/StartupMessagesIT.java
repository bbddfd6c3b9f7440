package io.storeplane.api.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.storeplane.api.cluster.ControlPlaneCluster;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import io.storeplane.testing.process.AppProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Start-up failures a new user meets on the zero-configuration path (issue 14, "Also") are one line
 * saying what is wrong and which setting fixes it, and a non-zero exit: a second instance on the
 * same embedded data folder, an embedded-database port something else holds, a corrupt local key
 * file, a configured master database that does not answer, and a configured key that is not a key.
 * Runs the packaged application, as a user does.
 */
class StartupMessagesIT {

  private static final Duration EXIT_TIMEOUT = Duration.ofMinutes(1);

  private final Path work = Path.of("target", "startup-it", UUID.randomUUID().toString());

  @Test
  void aSecondInstanceOnTheSameEmbeddedFolderSaysSoInOneLineAndExits() throws Exception {
    // The first instance runs on the production defaults, whose default managed server is the
    // local PostgreSQL shared by every test: no warm pool or template there, which its kill would
    // leave behind.
    Map<String, String> embedded =
        Map.of(
            "STOREPLANE_EMBEDDED_POSTGRES_DIR",
            work.resolve("postgres").toAbsolutePath().toString(),
            "STOREPLANE_EMBEDDED_POSTGRES_PORT",
            String.valueOf(AppProcess.freePort()),
            "STOREPLANE_PROVISIONING_WARM_POOL_SIZE",
            "0",
            "STOREPLANE_PROVISIONING_TEMPLATE_ENABLED",
            "false");
    try (AppProcess first =
        AppProcess.start(ControlPlaneCluster.APP, "first", embedded, work.resolve("first.log"))) {
      first.awaitReady(ControlPlaneCluster.START_TIMEOUT);
      try (AppProcess second =
          AppProcess.start(
              ControlPlaneCluster.APP, "second", embedded, work.resolve("second.log"))) {
        int status = second.awaitExit(EXIT_TIMEOUT);

        List<String> output = nonBlank(second.logLines());
        assertThat(status).as("exit status; output: %s", output).isNotZero();
        assertThat(output).as("one line, no stack trace or log noise").hasSize(1);
        assertThat(output.get(0))
            .contains("Another Storeplane instance")
            .contains(work.resolve("postgres").toAbsolutePath().toString())
            .contains("STOREPLANE_EMBEDDED_POSTGRES_DIR")
            .doesNotContain("Exception");
        assertThat(first.ready()).as("the first instance is unharmed").isTrue();
      }
    }
  }

  @Test
  void aTakenEmbeddedDatabasePortSaysWhichSettingMovesIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        AppProcess instance =
            AppProcess.start(
                ControlPlaneCluster.APP,
                "port-taken",
                Map.of(
                    "STOREPLANE_EMBEDDED_POSTGRES_DIR",
                    work.resolve("other").toAbsolutePath().toString(),
                    "STOREPLANE_EMBEDDED_POSTGRES_PORT",
                    String.valueOf(taken.getLocalPort())),
                work.resolve("port-taken.log"))) {
      int status = instance.awaitExit(EXIT_TIMEOUT);

      List<String> output = nonBlank(instance.logLines());
      assertThat(status).as("exit status; output: %s", output).isNotZero();
      assertThat(output).as("one line, no stack trace or log noise").hasSize(1);
      assertThat(output.get(0))
          .contains("Port " + taken.getLocalPort())
          .contains("STOREPLANE_EMBEDDED_POSTGRES_PORT")
          .doesNotContain("Exception");
    }
  }

  @Test
  void aCorruptLocalKeyFileSaysWhichFileAndWhatToDo() throws Exception {
    Path folder = work.resolve("corrupt-key");
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("crypto-key"), "not a key");
    try (AppProcess instance =
        AppProcess.start(
            ControlPlaneCluster.APP,
            "corrupt-key",
            Map.of(
                "STOREPLANE_EMBEDDED_POSTGRES_DIR",
                folder.resolve("postgres").toAbsolutePath().toString(),
                "STOREPLANE_EMBEDDED_POSTGRES_PORT",
                String.valueOf(AppProcess.freePort())),
            work.resolve("corrupt-key.log"))) {
      int status = instance.awaitExit(EXIT_TIMEOUT);

      List<String> output = nonBlank(instance.logLines());
      assertThat(status).as("exit status; output: %s", output).isNotZero();
      assertThat(output).as("one line, no stack trace or log noise").hasSize(1);
      assertThat(output.get(0))
          .contains(folder.resolve("crypto-key").toAbsolutePath().toString())
          .contains("32-byte key")
          .doesNotContain("Exception");
    }
  }

  @Test
  void aMasterDatabaseThatDoesNotAnswerIsOneLineNamingTheSettings() throws Exception {
    List<String> output =
        failedStart(
            "master-unreachable",
            Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL",
                "jdbc:postgresql://127.0.0.1:" + AppProcess.freePort() + "/storeplane",
                "STOREPLANE_CRYPTO_KEYS_A",
                Base64.getEncoder().encodeToString(new byte[32])));

    assertThat(reason(output))
        .contains("master database")
        .contains("refused")
        .contains("QUARKUS_DATASOURCE_JDBC_URL");
  }

  @Test
  void aBadConfiguredKeyIsOneLineNamingTheRule() throws Exception {
    try (TestDatabase master = TestDatabases.postgres().createDatabase("startup")) {
      List<String> output =
          failedStart(
              "bad-key",
              Map.of(
                  "QUARKUS_DATASOURCE_JDBC_URL", master.jdbcUrl(),
                  "QUARKUS_DATASOURCE_USERNAME", master.username(),
                  "QUARKUS_DATASOURCE_PASSWORD", master.password(),
                  "STOREPLANE_CRYPTO_KEYS_A", "too-short"));

      assertThat(reason(output))
          .contains("openssl rand -base64 32")
          .contains("STOREPLANE_CRYPTO_KEYS_");
      assertThat(output)
          .as("the key stops the start before startup work meets it (and logs an error)")
          .noneMatch(line -> line.contains(" ERROR "));
    }
  }

  /**
   * Starts an instance that must fail after Quarkus began (its banner may come first) and returns
   * its output, having checked the exit status and that no stack trace was printed.
   */
  private List<String> failedStart(String name, Map<String, String> environment) throws Exception {
    try (AppProcess instance =
        AppProcess.start(ControlPlaneCluster.APP, name, environment, work.resolve(name + ".log"))) {
      int status = instance.awaitExit(EXIT_TIMEOUT);
      List<String> output = nonBlank(instance.logLines());
      assertThat(status).as("exit status; output: %s", output).isNotZero();
      assertThat(output)
          .as("no stack trace")
          .noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by"));
      return output;
    }
  }

  /** The one line that says why, checked to be the only one and to name no exception class. */
  private static String reason(List<String> output) {
    List<String> reasons =
        output.stream().filter(line -> line.startsWith("Storeplane cannot start: ")).toList();
    assertThat(reasons).as("one reason line in %s", output).hasSize(1);
    assertThat(reasons.get(0)).doesNotContain("Exception");
    return reasons.get(0);
  }

  private static List<String> nonBlank(List<String> lines) {
    return lines.stream().filter(line -> !line.isBlank()).toList();
  }
}
