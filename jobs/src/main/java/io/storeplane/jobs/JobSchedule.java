package io.storeplane.jobs;

import java.util.Map;
import java.util.Objects;

/**
 * A recurring schedule: queues one job of {@code kind} per period, once across all instances. A
 * period missed while no instance ran (downtime) runs once when one comes back, not once per missed
 * tick. The job's parameters get {@code period} (the tick it runs for, ISO-8601).
 *
 * @param name unique, stable name (the schedule's row)
 * @param kind the kind it queues
 * @param cadence when
 * @param parameters added to every job it queues
 */
public record JobSchedule(
    String name, String kind, Cadence cadence, Map<String, Object> parameters) {

  public JobSchedule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(cadence, "cadence");
    parameters = Map.copyOf(parameters);
  }

  public static JobSchedule of(String name, String kind, Cadence cadence) {
    return new JobSchedule(name, kind, cadence, Map.of());
  }

  /** A kind's own schedule: named after the kind, no parameters. */
  public static JobSchedule recurring(String kind, Cadence cadence) {
    return of(kind, kind, cadence);
  }
}
