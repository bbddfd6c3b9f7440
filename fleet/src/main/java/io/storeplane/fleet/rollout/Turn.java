package io.storeplane.fleet.rollout;

import java.time.Instant;
import java.util.UUID;

/** What a rollout worker does next, decided under the rollout's row lock. */
sealed interface Turn {

  /** Migrate this store (claimed for the worker, or its own claim taken over after a crash). */
  record Claimed(UUID storeId, String slug, int attempt, int targetVersion) implements Turn {}

  /** Nothing to claim before {@code until} (the soak, or a store's retry). */
  record Wait(Instant until, String message) implements Turn {}

  /** The phase ended and the next one begins at {@code startsAt}: start its workers. */
  record Advanced(int phase, int parallelism, Instant startsAt, int generation, String message)
      implements Turn {}

  /** This worker is done: the rollout is not running, or other workers finish the phase. */
  record Done(String message) implements Turn {}
}
