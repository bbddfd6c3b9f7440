package io.storeplane.api;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.storeplane.api.embedded.EmbeddedMasterDatabase;

/**
 * Starts the control plane. When no master database is configured it first starts an embedded
 * PostgreSQL (data kept under {@code .storeplane/postgres}) so that a fresh checkout runs with no
 * set-up; see {@link EmbeddedMasterDatabase} for how "configured" is decided.
 */
@QuarkusMain
public final class StoreplaneMain {

  private StoreplaneMain() {}

  public static void main(String... args) {
    EmbeddedMasterDatabase.startIfNoneConfigured();
    Quarkus.run(args);
  }
}
