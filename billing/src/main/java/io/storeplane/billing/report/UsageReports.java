package io.storeplane.billing.report;

import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import io.storeplane.master.store.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Usage reads and reports on the master database: the CDI face of {@link UsageReads}, {@link
 * StoreLimits} and {@link ReportTables}. Each read is one connection in auto-commit (a report's
 * figures come from one refresh, committed whole). A failure of the master is thrown on with its
 * {@link SQLException} as the cause, so the api answers it as the master's outage.
 */
@ApplicationScoped
public class UsageReports {

  private final DataSource master;
  private final Clock clock;
  private final ReportsConfig config;

  UsageReports(DataSource master, Clock clock, ReportsConfig config) {
    this.master = master;
    this.clock = clock;
    this.config = config;
  }

  /** The longest range a read may ask for, in days ({@code storeplane.reports.max-days}). */
  public int maxDays() {
    return config.maxDays();
  }

  /** The current UTC day. */
  public LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /** One page of usage rows. */
  public Page<UsageRow> usage(UsageQuery query) {
    return read(c -> UsageReads.read(c, query));
  }

  /** The store's plan and its usage of each limit; empty when no store has the id. */
  public Optional<StoreLimits.Limits> limits(UUID storeId) {
    return read(c -> StoreLimits.of(c, storeId, today()));
  }

  public Refreshed<List<PlanDay>> usageStatistics(DateRange range, Optional<String> plan) {
    return read(
        c ->
            new Refreshed<>(
                ReportTables.usageStatistics(c, range, plan), ReportTables.refreshedAt(c)));
  }

  public Refreshed<List<PerformanceDay>> platformPerformance(DateRange range) {
    return read(
        c ->
            new Refreshed<>(
                ReportTables.platformPerformance(c, range), ReportTables.refreshedAt(c)));
  }

  /** A store's days, read from {@code usage_metrics} as they are now (the time of the read). */
  public Refreshed<List<PerformanceDay>> storePerformance(UUID storeId, DateRange range) {
    return read(
        c ->
            new Refreshed<>(
                ReportTables.storePerformance(c, storeId, range), Optional.of(clock.instant())));
  }

  public Refreshed<Page<StoreRank>> storeAnalytics(
      DateRange range, RankBy rankBy, Optional<String> plan, int page, int size) {
    return read(
        c ->
            new Refreshed<>(
                ReportTables.storeAnalytics(c, range, rankBy, plan, page, size),
                ReportTables.refreshedAt(c)));
  }

  /** Refreshes the report tables now (waits while another refresh runs). */
  public ReportTables.Refresh refresh() {
    return read(ReportTables::refresh);
  }

  @FunctionalInterface
  private interface Read<T> {
    T on(Connection connection) throws SQLException;
  }

  private <T> T read(Read<T> read) {
    try (Connection connection = master.getConnection()) {
      return read.on(connection);
    } catch (SQLException e) {
      throw new MasterDataException(
          MasterError.MASTER_DATABASE_UNAVAILABLE,
          "Usage reports could not read the master database");
    }
  }
}
