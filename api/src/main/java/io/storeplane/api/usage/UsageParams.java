package io.storeplane.api.usage;

import io.storeplane.api.problem.ApiException;
import io.storeplane.billing.report.DateRange;
import io.storeplane.billing.report.Granularity;
import io.storeplane.billing.report.RankBy;
import io.storeplane.billing.report.UsageReports;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/** The query parameters the usage reads and reports share, checked once: each bad one is a 400. */
final class UsageParams {

  /** Days in the default range, both ends counted. */
  static final int DEFAULT_DAYS = 30;

  /** The years a usage date may name: none before the platform, none SQL cannot hold. */
  static final int MIN_YEAR = 2000;

  static final int MAX_YEAR = 9999;

  private UsageParams() {}

  /**
   * The range asked for: {@code to} defaults to {@code from} + 29 days when {@code from} is given,
   * else today (UTC); {@code from} to {@code to} − 29 days.
   *
   * @throws ApiException {@code validation-failed} on a date that is not {@code YYYY-MM-DD}, a
   *     {@code to} before {@code from}, or a range over {@code maxDays}
   */
  /** The description of every usage read's {@code from} parameter. */
  static final String FROM = "The first UTC day (YYYY-MM-DD); default: `to` less 29 days";

  /** The description of every usage read's {@code to} parameter. */
  static final String TO =
      "The last UTC day, included; default: `from` plus 29 days, or today without `from`";

  /** {@link #range(String, String, LocalDate, int)} on the reports' clock and maximum. */
  static DateRange range(String from, String to, UsageReports reports) {
    return range(from, to, reports.today(), reports.maxDays());
  }

  static DateRange range(String from, String to, LocalDate today, int maxDays) {
    Optional<LocalDate> first = date("from", from);
    Optional<LocalDate> last = date("to", to);
    LocalDate end =
        last.orElseGet(() -> first.map(f -> f.plusDays(DEFAULT_DAYS - 1)).orElse(today));
    LocalDate start = first.orElseGet(() -> end.minusDays(DEFAULT_DAYS - 1));
    if (end.isBefore(start)) {
      throw ApiException.invalid("to", "must be on or after from");
    }
    DateRange range = new DateRange(start, end);
    if (range.days() > maxDays) {
      throw ApiException.invalid(
          "to", "the range may span at most " + maxDays + " days, both ends counted");
    }
    return range;
  }

  private static Optional<LocalDate> date(String name, String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    LocalDate date;
    try {
      date = LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(name, "must be a date as YYYY-MM-DD");
    }
    if (date.getYear() < MIN_YEAR || date.getYear() > MAX_YEAR) {
      throw ApiException.invalid(name, "must be a date between the years 2000 and 9999");
    }
    return Optional.of(date);
  }

  static Granularity granularity(String value) {
    if (value == null || value.isBlank()) {
      return Granularity.DAY;
    }
    return Granularity.parse(value)
        .orElseThrow(() -> ApiException.invalid("granularity", "must be day or month"));
  }

  static RankBy rankBy(String value) {
    if (value == null || value.isBlank()) {
      return RankBy.CALLS;
    }
    return RankBy.parse(value)
        .orElseThrow(
            () ->
                ApiException.invalid(
                    "rankBy",
                    Arrays.stream(RankBy.values())
                        .map(RankBy::wire)
                        .collect(Collectors.joining(", ", "must be one of ", ""))));
  }

  static Optional<UUID> storeId(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(value));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("storeId", "must be a store id (a UUID)");
    }
  }

  static Optional<String> plan(String value) {
    return Optional.ofNullable(value).filter(p -> !p.isBlank());
  }

  /**
   * Whether the caller prefers CSV: the first acceptable type (by quality) that is JSON or CSV
   * decides; JSON when it is a wildcard or the header is absent.
   */
  static boolean wantsCsv(HttpHeaders headers) {
    MediaType csv = MediaType.valueOf(UsageCsv.MEDIA_TYPE);
    for (MediaType accepted : headers.getAcceptableMediaTypes()) {
      if (accepted.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
        return false;
      }
      if (accepted.isCompatible(csv)) {
        return true;
      }
    }
    return false;
  }
}
