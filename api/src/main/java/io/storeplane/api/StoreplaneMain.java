package io.storeplane.api;

import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.storeplane.api.embedded.EmbeddedMasterDatabase;
import io.storeplane.api.startup.StartupFailure;
import io.storeplane.api.startup.StartupReport;
import java.util.function.BiConsumer;

/**
 * Starts the control plane. When no master database is configured it first starts an embedded
 * PostgreSQL (data kept under {@code .storeplane/postgres}) so that a fresh checkout runs with no
 * set-up; see {@link EmbeddedMasterDatabase} for how "configured" is decided.
 *
 * <p>A start that fails says why in one line starting {@value StartupReport#PREFIX} and exits with
 * a non-zero status: a {@link StartupFailure} before Quarkus starts is printed as is; a failure of
 * Quarkus's start goes through {@link StartupReport} (Quarkus leaves the report to the exit handler
 * it is given, which then exits as Quarkus's own would).
 */
@QuarkusMain
public final class StoreplaneMain {

  private StoreplaneMain() {}

  public static void main(String... args) {
    try {
      EmbeddedMasterDatabase.startIfNoneConfigured();
    } catch (StartupFailure e) {
      System.err.println(StartupReport.PREFIX + e.getMessage());
      System.exit(StartupFailure.EXIT_STATUS);
    }
    BiConsumer<Integer, Throwable> quarkusExit =
        ApplicationLifecycleManager.getDefaultExitCodeHandler();
    Quarkus.run(
        null,
        (status, failure) -> {
          if (failure != null) {
            StartupReport.print(failure, System.err);
          }
          quarkusExit.accept(status, failure);
        },
        args);
  }
}
