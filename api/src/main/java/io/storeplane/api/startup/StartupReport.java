package io.storeplane.api.startup;

import io.quarkus.runtime.QuarkusBindException;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.ConfigValidationException;
import io.storeplane.error.StoreplaneException;
import io.storeplane.master.secret.SecretException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a failed Quarkus start into one line saying what is wrong and which setting fixes it, for
 * the failures a new user meets: the master database does not answer or refuses the login, the HTTP
 * port is taken, a configured key is not a key (any {@link StoreplaneException}: its message is
 * safe to show by contract), a configuration value is invalid. Anything else is a fault to
 * investigate: one line with its cause, then the stack trace.
 */
public final class StartupReport {

  /** What every report line starts with. */
  public static final String PREFIX = "Storeplane cannot start: ";

  private static final int MAX_CAUSES = 32;

  private StartupReport() {}

  /** Prints why the start failed to {@code out}. */
  public static void print(Throwable failure, PrintStream out) {
    Optional<String> reason = reason(failure);
    if (reason.isPresent()) {
      out.println(PREFIX + reason.get());
    } else {
      Throwable root = root(failure);
      out.println(PREFIX + root.getClass().getSimpleName() + ": " + oneLine(root.getMessage()));
      failure.printStackTrace(out);
    }
  }

  /** The one-line reason for a failure a user can fix, or empty for anything else. */
  static Optional<String> reason(Throwable failure) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = failure;
        t != null && seen.put(t, Boolean.TRUE) == null && seen.size() <= MAX_CAUSES;
        t = t.getCause()) {
      if (t instanceof QuarkusBindException bind) {
        return Optional.of(
            "HTTP port %d on %s is taken (another Storeplane instance?). Set QUARKUS_HTTP_PORT to a free port."
                .formatted(bind.getPort(), bind.getHost()));
      }
      if (t instanceof SecretException secret) {
        return Optional.of(
            oneLine(secret.getMessage())
                + " (encryption keys: STOREPLANE_CRYPTO_KEYS_<ID>, docs/security.md).");
      }
      if (t instanceof StoreplaneException module) {
        return Optional.of(oneLine(module.getMessage()));
      }
      if (t instanceof SQLException sql && connectionFailure(sql.getSQLState())) {
        return Optional.of(
            ("The master database did not accept the connection: %s Check"
                    + " QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_DATASOURCE_USERNAME and"
                    + " QUARKUS_DATASOURCE_PASSWORD, or unset the URL to use the embedded database.")
                .formatted(oneLine(sql.getMessage())));
      }
      if (t instanceof ConfigurationException || t instanceof ConfigValidationException) {
        return Optional.of(t.getMessage());
      }
    }
    return Optional.empty();
  }

  /** SQLSTATE classes of a connection that could not be made or logged in. */
  private static boolean connectionFailure(String state) {
    return state != null
        && (state.startsWith("08") || state.startsWith("28") || state.startsWith("3D"));
  }

  private static Throwable root(Throwable failure) {
    Throwable root = failure;
    for (int i = 0; i < MAX_CAUSES && root.getCause() != null && root.getCause() != root; i++) {
      root = root.getCause();
    }
    return root;
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s+", " ").trim();
  }
}
