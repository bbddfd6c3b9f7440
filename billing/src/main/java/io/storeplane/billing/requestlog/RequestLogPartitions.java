package io.storeplane.billing.requestlog;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps {@code api_usage_logs}' day partitions: today's and the next {@code ahead} days' exist, and
 * a day whose whole span ended more than {@code retention} ago is dropped. Days between are left as
 * they are (a partition made on demand by the writer is kept until it expires).
 */
public final class RequestLogPartitions {

  /**
   * What one maintenance did.
   *
   * @param created the days whose partition it created
   * @param dropped the days whose partition (and rows) it dropped
   * @param oldestKept the oldest day it kept: days before it are past the retention
   */
  public record Maintenance(
      List<LocalDate> created, List<LocalDate> dropped, LocalDate oldestKept) {

    @Override
    public String toString() {
      return "created %s, dropped %s, kept from %s".formatted(created, dropped, oldestKept);
    }
  }

  private final RequestLogTable table;

  public RequestLogPartitions(RequestLogTable table) {
    this.table = table;
  }

  /** Creates today's partition and the next {@code ahead} days', as of {@code now} (UTC). */
  public List<LocalDate> createAhead(Instant now, int ahead) throws SQLException {
    LocalDate today = RequestLogTable.dayOf(now);
    List<LocalDate> created = new ArrayList<>();
    for (int i = 0; i <= ahead; i++) {
      LocalDate day = today.plusDays(i);
      if (table.ensurePartition(day)) {
        created.add(day);
      }
    }
    return created;
  }

  /**
   * The oldest day kept under {@code retention} at {@code now}: a day is dropped only when all of
   * it is older than the retention, that is when its end ({@code day + 1} at 00:00 UTC) is at or
   * before {@code now - retention}.
   */
  public static LocalDate oldestKept(Instant now, Duration retention) {
    return RequestLogTable.dayOf(now.minus(retention));
  }

  /** Drops the partitions of days before {@link #oldestKept}. */
  public List<LocalDate> dropExpired(Instant now, Duration retention) throws SQLException {
    LocalDate oldest = oldestKept(now, retention);
    List<LocalDate> expired =
        table.partitions().stream().filter(day -> day.isBefore(oldest)).toList();
    return table.dropPartitions(expired);
  }

  /** Both, creation first. */
  public Maintenance maintain(Instant now, int ahead, Duration retention) throws SQLException {
    List<LocalDate> created = createAhead(now, ahead);
    List<LocalDate> dropped = dropExpired(now, retention);
    return new Maintenance(created, dropped, oldestKept(now, retention));
  }
}
