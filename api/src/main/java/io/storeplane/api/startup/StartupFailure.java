package io.storeplane.api.startup;

/**
 * A reason the control plane cannot start that the person starting it can fix: its message is one
 * line saying what is wrong and what to do. The launcher prints that line alone (no stack trace)
 * and exits with {@link #EXIT_STATUS}. It never reaches an API client, so it carries no error code.
 */
public final class StartupFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The process's exit status after a start-up failure (Quarkus exits with 1 for its own). */
  public static final int EXIT_STATUS = 1;

  /**
   * @param message what is wrong and what to do, in one line
   * @param cause the underlying failure, or null; logged at DEBUG, never printed by the launcher
   */
  public StartupFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
