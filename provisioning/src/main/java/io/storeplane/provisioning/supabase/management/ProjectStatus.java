package io.storeplane.provisioning.supabase.management;

import java.util.Locale;

/**
 * A project's {@code status} as the Management API spells it, grouped the way the official
 * Terraform provider waits for a new project: {@link Phase#READY} ({@code ACTIVE_HEALTHY}), {@link
 * Phase#WAITING} (keep polling) and {@link Phase#FAILED} (terminal: stop at once).
 */
public enum ProjectStatus {
  ACTIVE_HEALTHY(Phase.READY),
  ACTIVE_UNHEALTHY(Phase.WAITING),
  COMING_UP(Phase.WAITING),
  UNKNOWN(Phase.WAITING),
  RESTORING(Phase.WAITING),
  UPGRADING(Phase.WAITING),
  PAUSING(Phase.WAITING),
  RESIZING(Phase.WAITING),
  RESTARTING(Phase.WAITING),
  GOING_DOWN(Phase.FAILED),
  INIT_FAILED(Phase.FAILED),
  REMOVED(Phase.FAILED),
  /** Paused; must be restored before use. */
  INACTIVE(Phase.FAILED),
  PAUSE_FAILED(Phase.FAILED),
  RESTORE_FAILED(Phase.FAILED),
  /** A value this build does not know; treated as still coming up. */
  UNRECOGNIZED(Phase.WAITING);

  /** Where a status leaves a waiting caller. */
  public enum Phase {
    READY,
    WAITING,
    FAILED
  }

  private final Phase phase;

  ProjectStatus(Phase phase) {
    this.phase = phase;
  }

  /** What a caller waiting for the project should do. */
  public Phase phase() {
    return phase;
  }

  /** Whether the project is being deleted or gone ({@code GOING_DOWN}, {@code REMOVED}). */
  public boolean removed() {
    return this == GOING_DOWN || this == REMOVED;
  }

  /** The status named {@code value}, or {@link #UNRECOGNIZED}. */
  public static ProjectStatus parse(String value) {
    if (value == null) {
      return UNRECOGNIZED;
    }
    try {
      return valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return UNRECOGNIZED;
    }
  }
}
