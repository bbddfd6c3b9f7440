package io.storeplane.provisioning.job;

import java.util.Locale;

/**
 * What a provisioning job does, in order: the single source the engine runs and the status
 * endpoint, the event stream and the step log report. Each step is idempotent. {@link
 * #progressWhenDone()} is the job's progress once the step has finished; {@link #APPLY_SCHEMA}
 * moves progress between its predecessor's value and its own as tables are created.
 */
public enum Step {
  TEST_CONNECTION(5),
  INSPECT_EXISTING_TABLES(10),
  CREATE_DATABASE(20),
  APPLY_SCHEMA(80),
  SEED(90),
  SAVE_CONNECTION(95),
  ACTIVATE_STORE(100);

  private final int progressWhenDone;

  Step(int progressWhenDone) {
    this.progressWhenDone = progressWhenDone;
  }

  /** Progress (0-100) once this step is done. */
  public int progressWhenDone() {
    return progressWhenDone;
  }

  /** Progress before this step starts. */
  public int progressBefore() {
    return ordinal() == 0 ? 0 : values()[ordinal() - 1].progressWhenDone;
  }

  /** The name in the API, e.g. {@code apply-schema}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
