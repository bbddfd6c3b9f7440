package io.storeplane.testing.supabase;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a double project answers to successive {@code GET /v1/projects/{ref}} polls: the statuses in
 * order, the last one repeating forever. The status {@code POST /v1/projects} returns is the first
 * one.
 *
 * @param statuses the project statuses, e.g. {@code COMING_UP, COMING_UP, ACTIVE_HEALTHY}
 */
public record ProjectScript(List<String> statuses) {

  /** The status every project ends in when nothing was scripted. */
  public static final String ACTIVE_HEALTHY = "ACTIVE_HEALTHY";

  /** The status of a project that is still starting. */
  public static final String COMING_UP = "COMING_UP";

  public ProjectScript {
    Objects.requireNonNull(statuses, "statuses");
    if (statuses.isEmpty()) {
      throw new IllegalArgumentException("A project script needs at least one status");
    }
    statuses = List.copyOf(statuses);
  }

  /** {@code COMING_UP} for the creation answer and {@code polls} polls, then healthy. */
  public static ProjectScript healthyAfter(int polls) {
    return endingIn(polls, ACTIVE_HEALTHY);
  }

  /** {@code COMING_UP} for the creation answer and {@code polls} polls, then {@code status}. */
  public static ProjectScript endingIn(int polls, String status) {
    List<String> statuses = new ArrayList<>(Collections.nCopies(polls + 1, COMING_UP));
    statuses.add(status);
    return new ProjectScript(statuses);
  }

  /** A project that never leaves {@code status}. */
  public static ProjectScript stuck(String status) {
    return new ProjectScript(List.of(status));
  }

  /** The status of the {@code poll}-th answer (0 = the creation answer). */
  String statusAt(int poll) {
    return statuses.get(Math.min(poll, statuses.size() - 1));
  }
}
