package io.storeplane.api;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.storeplane.api.embedded.EmbeddedMasterDatabase;
import io.storeplane.api.startup.StartupFailure;

/**
 * Starts the control plane. When no master database is configured it first starts an embedded
 * PostgreSQL (data kept under {@code .storeplane/postgres}) so that a fresh checkout runs with no
 * set-up; see {@link EmbeddedMasterDatabase} for how "configured" is decided. A {@link
 * StartupFailure} before Quarkus starts is printed as its one line, without a stack trace, and the
 * process exits with {@link StartupFailure#EXIT_STATUS}.
 */
@QuarkusMain
public final class StoreplaneMain {

  private StoreplaneMain() {}

  public static void main(String... args) {
    try {
      EmbeddedMasterDatabase.startIfNoneConfigured();
    } catch (StartupFailure e) {
      System.err.println("Storeplane cannot start: " + e.getMessage());
      System.exit(StartupFailure.EXIT_STATUS);
    }
    Quarkus.run(args);
  }
}
