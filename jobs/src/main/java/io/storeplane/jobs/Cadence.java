package io.storeplane.jobs;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * When a recurring schedule runs: a cron expression (Unix, five fields, UTC) whose ticks are the
 * periods, or a fixed delay after the previous run ended. Stored as {@code cron:<expression>} or
 * {@code delay:<ISO-8601 duration>}.
 */
public sealed interface Cadence {

  /** The stored form. */
  String text();

  /** The first tick strictly after {@code after}; for a fixed delay, {@code after + delay}. */
  Instant next(Instant after);

  /** A cron schedule, e.g. {@code 0 2 * * *} for 02:00 UTC every day. */
  static Cadence cron(String expression) {
    return new Cron(expression);
  }

  /** A fixed delay between the end of one run and the start of the next. */
  static Cadence fixedDelay(Duration delay) {
    return new FixedDelay(delay);
  }

  /**
   * Reads a stored cadence.
   *
   * @throws JobException {@link JobError#SCHEDULE_INVALID}
   */
  static Cadence parse(String text) {
    if (text.startsWith("cron:")) {
      return cron(text.substring("cron:".length()));
    }
    if (text.startsWith("delay:")) {
      try {
        return fixedDelay(Duration.parse(text.substring("delay:".length())));
      } catch (DateTimeParseException e) {
        throw new JobException(JobError.SCHEDULE_INVALID, "Not an ISO-8601 duration: " + text, e);
      }
    }
    throw new JobException(
        JobError.SCHEDULE_INVALID,
        "A cadence is 'cron:<expression>' or 'delay:<ISO-8601 duration>', not '" + text + "'");
  }

  /** Cron ticks in UTC. */
  record Cron(String expression) implements Cadence {

    private static final CronParser PARSER =
        new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    public Cron {
      Objects.requireNonNull(expression, "expression");
      try {
        PARSER.parse(expression).validate();
      } catch (IllegalArgumentException e) {
        throw new JobException(
            JobError.SCHEDULE_INVALID,
            "Not a five-field cron expression: '%s' (%s)".formatted(expression, e.getMessage()),
            e);
      }
    }

    @Override
    public String text() {
      return "cron:" + expression;
    }

    @Override
    public Instant next(Instant after) {
      ExecutionTime times = ExecutionTime.forCron(PARSER.parse(expression));
      Optional<ZonedDateTime> next = times.nextExecution(after.atZone(ZoneOffset.UTC));
      return next.orElseThrow(
              () ->
                  new JobException(
                      JobError.SCHEDULE_INVALID, "Cron '" + expression + "' never runs again"))
          .toInstant();
    }
  }

  /** A fixed delay after the previous run ended. */
  record FixedDelay(Duration delay) implements Cadence {

    public FixedDelay {
      if (delay.isNegative() || delay.isZero()) {
        throw new JobException(JobError.SCHEDULE_INVALID, "A delay is positive, not " + delay);
      }
    }

    @Override
    public String text() {
      return "delay:" + delay;
    }

    @Override
    public Instant next(Instant after) {
      return after.plus(delay);
    }
  }
}
