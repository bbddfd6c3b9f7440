package io.storeplane.testing.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What can be checked without the packaged application; the api module's {@code
 * MultiInstanceClusterIT} runs real instances.
 */
class AppProcessTest {

  @TempDir Path dir;

  @Test
  void aMissingApplicationSaysHowToBuildIt() {
    assertThatThrownBy(
            () ->
                AppProcess.start(
                    dir.resolve("quarkus-run.jar"), "app", Map.of(), dir.resolve("a.log")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("quarkus-run.jar")
        .hasMessageContaining("package");
  }

  @Test
  void aProcessThatExitsWhileStartingFailsTheWaitWithTheEndOfItsLog() throws Exception {
    Path notAJar = Files.writeString(dir.resolve("broken.jar"), "not a jar");
    Path log = dir.resolve("logs").resolve("broken.log");
    try (AppProcess process = AppProcess.start(notAJar, "broken", Map.of(), log)) {
      assertThat(process.port()).isPositive();
      assertThat(process.managementPort()).isPositive().isNotEqualTo(process.port());
      assertThat(process.uri("/api/v1/stores").toString())
          .isEqualTo("http://127.0.0.1:" + process.port() + "/api/v1/stores");
      assertThat(process.managementUri("/q/health/ready").toString())
          .isEqualTo("http://127.0.0.1:" + process.managementPort() + "/q/health/ready");

      assertThatThrownBy(() -> process.awaitReady(Duration.ofMinutes(1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("broken (pid " + process.pid())
          .hasMessageContaining("exited with status")
          .hasMessageContaining("jarfile");
      assertThat(process.isAlive()).isFalse();
      assertThat(process.ready()).isFalse();
      assertThat(process.logLines()).anyMatch(line -> line.contains("jarfile"));
    }
  }
}
