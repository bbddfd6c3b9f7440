package io.storeplane.billing.requestlog;

import io.storeplane.billing.request.StoreRequest;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The SQL of {@code api_usage_logs} (master V7): writing a batch of entries, and the day
 * partitions. A partition's name and bounds come from a {@link LocalDate} only, never from text a
 * caller sent; every value is a bind parameter (INSERT) or escaped COPY text.
 */
public final class RequestLogTable {

  /** The partitioned table. */
  public static final String TABLE = "api_usage_logs";

  /**
   * SQLSTATE of a row no partition accepts (and of a CHECK, which a sanitized row never breaks).
   */
  static final String NO_PARTITION = "23514";

  private static final String PREFIX = TABLE + "_p";
  private static final Pattern PARTITION = Pattern.compile(PREFIX + "(\\d{8})");
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
  private static final String COLUMNS =
      "occurred_at, store_id, platform_caller, method, endpoint, status_code, duration_us,"
          + " error_code, client_address, user_agent, request_id";
  private static final int COLUMN_COUNT = 11;

  /** PostgreSQL binds at most 65,535 parameters in one statement. */
  private static final int MAX_INSERT_ROWS = 65_535 / COLUMN_COUNT;

  /** How a batch is written: measured in docs/benchmarks.md ("Request log: COPY or INSERT"). */
  public enum Method {
    /** {@code COPY api_usage_logs FROM STDIN}, text format: what the writer uses. */
    COPY,
    /** One multi-row {@code INSERT … VALUES (…), (…)} per batch. */
    INSERT
  }

  private final DataSource dataSource;

  public RequestLogTable(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The partition holding {@code day}, e.g. {@code api_usage_logs_p20261205}. */
  public static String partitionName(LocalDate day) {
    return PREFIX + DAY.format(day);
  }

  /** The day of a partition called {@code name}; empty for any other table. */
  static Optional<LocalDate> dayOf(String name) {
    Matcher matcher = PARTITION.matcher(name);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(matcher.group(1), DAY));
    } catch (DateTimeParseException notADay) {
      return Optional.empty();
    }
  }

  /** The UTC day an instant falls on. */
  public static LocalDate dayOf(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC);
  }

  /**
   * Writes {@code batch} in one statement (in autocommit: all rows or none). Without a partition
   * for one of their days (SQLSTATE {@value #NO_PARTITION}) it creates the missing days' partitions
   * and writes the batch once more.
   *
   * @return the rows written
   */
  public int write(List<StoreRequest> batch, Method method) throws SQLException {
    if (batch.isEmpty()) {
      return 0;
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      try {
        return write(c, batch, method);
      } catch (SQLException e) {
        if (!NO_PARTITION.equals(e.getSQLState())) {
          throw e;
        }
      }
      TreeSet<LocalDate> days = new TreeSet<>();
      batch.forEach(entry -> days.add(dayOf(entry.occurredAt())));
      for (LocalDate day : days) {
        ensurePartition(c, day);
      }
      return write(c, batch, method);
    }
  }

  private static int write(Connection c, List<StoreRequest> batch, Method method)
      throws SQLException {
    return switch (method) {
      case COPY -> copy(c, batch);
      case INSERT -> insert(c, batch);
    };
  }

  private static int copy(Connection c, List<StoreRequest> batch) throws SQLException {
    StringBuilder text = new StringBuilder(batch.size() * 200);
    for (StoreRequest entry : batch) {
      Row row = Row.of(entry);
      text.append(row.occurredAt).append('\t');
      text.append(row.storeId).append('\t');
      text.append(row.platformCaller ? 't' : 'f').append('\t');
      copyText(text, row.method).append('\t');
      copyText(text, row.endpoint).append('\t');
      text.append(row.status).append('\t');
      text.append(row.durationMicros).append('\t');
      copyText(text, row.errorCode).append('\t');
      copyText(text, row.clientAddress).append('\t');
      copyText(text, row.userAgent).append('\t');
      copyText(text, row.requestId).append('\n');
    }
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    try {
      return (int)
          copy.copyIn(
              "COPY " + TABLE + " (" + COLUMNS + ") FROM STDIN", new StringReader(text.toString()));
    } catch (IOException e) {
      throw new SQLException("COPY into " + TABLE + " failed: " + e.getMessage(), "08006", e);
    }
  }

  /** A value in COPY's text format: {@code \N} for null, backslash escapes for the rest. */
  private static StringBuilder copyText(StringBuilder text, String value) {
    if (value == null) {
      return text.append("\\N");
    }
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      switch (ch) {
        case '\\' -> text.append("\\\\");
        case '\t' -> text.append("\\t");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        default -> text.append(ch);
      }
    }
    return text;
  }

  private static int insert(Connection c, List<StoreRequest> batch) throws SQLException {
    int written = 0;
    for (int from = 0; from < batch.size(); from += MAX_INSERT_ROWS) {
      List<StoreRequest> part = batch.subList(from, Math.min(batch.size(), from + MAX_INSERT_ROWS));
      StringBuilder sql = new StringBuilder("INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES ");
      for (int i = 0; i < part.size(); i++) {
        sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      }
      try (PreparedStatement s = c.prepareStatement(sql.toString())) {
        int p = 1;
        for (StoreRequest entry : part) {
          Row row = Row.of(entry);
          s.setTimestamp(p++, Timestamp.from(row.occurredAt));
          s.setObject(p++, row.storeId);
          s.setBoolean(p++, row.platformCaller);
          s.setString(p++, row.method);
          s.setString(p++, row.endpoint);
          s.setShort(p++, (short) row.status);
          s.setLong(p++, row.durationMicros);
          s.setString(p++, row.errorCode);
          s.setString(p++, row.clientAddress);
          s.setString(p++, row.userAgent);
          s.setString(p++, row.requestId);
        }
        written += s.executeUpdate();
      }
    }
    return written;
  }

  /**
   * Makes the partition of {@code day} exist. Two instances creating the same one at once is not a
   * failure: the loser finds it made.
   *
   * @return whether this call created it
   */
  public boolean ensurePartition(LocalDate day) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      return ensurePartition(c, day);
    }
  }

  private static boolean ensurePartition(Connection c, LocalDate day) throws SQLException {
    if (exists(c, day)) {
      return false;
    }
    String from = day.atStartOfDay().toString() + ":00+00";
    String to = day.plusDays(1).atStartOfDay().toString() + ":00+00";
    try (Statement s = c.createStatement()) {
      // Name and bounds come from a LocalDate: digits, dashes and colons only.
      s.execute(
          "CREATE TABLE IF NOT EXISTS %s PARTITION OF %s FOR VALUES FROM ('%s') TO ('%s')"
              .formatted(partitionName(day), TABLE, from, to));
      return true;
    } catch (SQLException e) {
      // 42P07 duplicate table; 23505 the catalog's unique index when another session won the race.
      if (("42P07".equals(e.getSQLState()) || "23505".equals(e.getSQLState())) && exists(c, day)) {
        return false;
      }
      throw e;
    }
  }

  private static boolean exists(Connection c, LocalDate day) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT 1 FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid"
                + " WHERE i.inhparent = CAST(? AS regclass) AND p.relname = ?")) {
      s.setString(1, TABLE);
      s.setString(2, partitionName(day));
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The days that have a partition, oldest first. */
  public List<LocalDate> partitions() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid"
                    + " WHERE i.inhparent = CAST(? AS regclass)")) {
      s.setString(1, TABLE);
      TreeSet<LocalDate> days = new TreeSet<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          dayOf(rs.getString(1)).ifPresent(days::add);
        }
      }
      return new ArrayList<>(days);
    }
  }

  /**
   * Drops the partitions of {@code days} (with their rows), each in its own statement.
   *
   * @return the days whose partition this call dropped
   */
  public List<LocalDate> dropPartitions(Collection<LocalDate> days) throws SQLException {
    List<LocalDate> dropped = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      c.setAutoCommit(true);
      for (LocalDate day : days) {
        if (exists(c, day)) {
          s.execute("DROP TABLE IF EXISTS " + partitionName(day));
          dropped.add(day);
        }
      }
    }
    return dropped;
  }

  /** An entry as it is stored: strings cut to their columns, without NUL or control characters. */
  private record Row(
      Instant occurredAt,
      java.util.UUID storeId,
      boolean platformCaller,
      String method,
      String endpoint,
      int status,
      long durationMicros,
      String errorCode,
      String clientAddress,
      String userAgent,
      String requestId) {

    static Row of(StoreRequest entry) {
      return new Row(
          entry.occurredAt(),
          entry.storeId(),
          entry.platformCaller(),
          clean(entry.method(), 16),
          clean(entry.endpoint(), 300),
          Math.max(100, Math.min(599, entry.status())),
          Math.max(0, entry.durationNanos() / 1_000),
          clean(entry.errorCode(), 100),
          clean(entry.clientAddress(), 64),
          clean(entry.userAgent(), 256),
          clean(entry.requestId(), 64));
    }

    /** PostgreSQL refuses NUL in text; other control characters have no place in a log line. */
    private static String clean(String value, int max) {
      if (value == null) {
        return null;
      }
      StringBuilder out = new StringBuilder(Math.min(value.length(), max));
      for (int i = 0; i < value.length() && out.length() < max; i++) {
        char ch = value.charAt(i);
        out.append(Character.isISOControl(ch) ? ' ' : ch);
      }
      // A cut must not leave half a surrogate pair, which is not valid UTF-8.
      if (!out.isEmpty() && Character.isHighSurrogate(out.charAt(out.length() - 1))) {
        out.setLength(out.length() - 1);
      }
      return out.toString();
    }
  }
}
