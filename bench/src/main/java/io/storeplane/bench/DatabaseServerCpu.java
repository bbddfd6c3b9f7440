package io.storeplane.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The CPU time the database servers on this machine spent, read from Linux's {@code /proc}: the
 * PostgreSQL server as a whole (the postmaster, its live backends and every backend that ended,
 * which the postmaster reaps into its children's times), of it the backends serving one database
 * (the master: only those live at both ends of a window count, a pool keeps them) and the backends
 * that ended (a store's short sessions: the postmaster's reaped children, for their time inside the
 * window), and the MariaDB/MySQL server (one process). A short-lived backend per store migration is
 * counted although it ended inside the window, which {@link ServerCpu} (live processes only) cannot
 * do. Times are in clock ticks of {@value #TICKS_PER_SECOND} Hz, Linux's fixed {@code USER_HZ}; a
 * figure reads NaN where a server is not on this machine.
 */
final class DatabaseServerCpu {

  static final int TICKS_PER_SECOND = 100;

  /** How many times a read of the PostgreSQL server is repeated while children are reaped. */
  private static final int READ_ATTEMPTS = 5;

  private static final String BACKENDS =
      "SELECT pid FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()";

  /**
   * CPU ticks at one moment; -1 where unknown.
   *
   * @param postgres the whole PostgreSQL server
   * @param databaseBackends the one database's backends, by pid
   * @param reaped the PostgreSQL processes that ended (the postmaster's reaped children)
   * @param children the postmaster's live children, by pid
   * @param mysql the MariaDB/MySQL server
   */
  record Sample(
      long postgres,
      Map<Long, Long> databaseBackends,
      long reaped,
      Map<Long, Long> children,
      long mysql) {

    /**
     * The CPU spent from {@code earlier} to this sample. A process that ended in between is reaped
     * with its whole life's time: what it had spent by {@code earlier} is taken off, so the
     * processes that ended count only their time inside the window.
     */
    Window since(Sample earlier) {
      long backends = 0;
      for (Map.Entry<Long, Long> backend : databaseBackends.entrySet()) {
        Long before = earlier.databaseBackends.get(backend.getKey());
        if (before != null) {
          backends += backend.getValue() - before;
        }
      }
      return new Window(
          delta(postgres, earlier.postgres),
          postgres < 0 ? Double.NaN : seconds(backends),
          reaped < 0 || earlier.reaped < 0
              ? Double.NaN
              : seconds(reaped - earlier.reaped - spentBefore(earlier)),
          delta(mysql, earlier.mysql));
    }

    /** What the processes live at {@code earlier} and gone now had spent by then. */
    private long spentBefore(Sample earlier) {
      long spent = 0;
      for (Map.Entry<Long, Long> child : earlier.children.entrySet()) {
        if (!children.containsKey(child.getKey())) {
          spent += child.getValue();
        }
      }
      return spent;
    }

    private static double delta(long now, long before) {
      return now < 0 || before < 0 ? Double.NaN : seconds(now - before);
    }

    private static double seconds(long ticks) {
      return (double) ticks / TICKS_PER_SECOND;
    }
  }

  /**
   * CPU seconds spent in a window by each server and, of PostgreSQL's, by the one database's
   * backends and by the processes that ended in it.
   */
  record Window(
      double postgresSeconds, double databaseSeconds, double endedSeconds, double mysqlSeconds) {}

  private final long postmaster;
  private final long mysqld;
  private final String database;

  private DatabaseServerCpu(long postmaster, long mysqld, String database) {
    this.postmaster = postmaster;
    this.mysqld = mysqld;
    this.database = database;
  }

  /**
   * Finds the servers' processes through a session on each: PostgreSQL's postmaster is its
   * backend's parent, MariaDB/MySQL names its process id in {@code @@pid_file}.
   *
   * @param database the PostgreSQL database whose backends are counted apart (the master)
   */
  static DatabaseServerCpu find(Connection postgres, Connection mysql, String database)
      throws SQLException {
    long postmaster = -1;
    try (Statement s = postgres.createStatement();
        ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
      r.next();
      postmaster = stat(r.getLong(1)).map(fields -> Long.parseLong(fields[1])).orElse(-1L);
    }
    long mysqld = -1;
    if (mysql != null) {
      try (Statement s = mysql.createStatement();
          ResultSet r = s.executeQuery("SELECT @@pid_file")) {
        r.next();
        mysqld = Long.parseLong(Files.readString(Path.of(r.getString(1))).trim());
      } catch (IOException | RuntimeException e) {
        mysqld = -1; // not on this machine, or its pid file unreadable
      }
    }
    return new DatabaseServerCpu(postmaster, mysqld, database);
  }

  /** Reads the counters now. */
  Sample sample(Connection postgres) throws SQLException {
    Map<Long, Long> backends = new HashMap<>();
    try (PreparedStatement statement = postgres.prepareStatement(BACKENDS)) {
      statement.setString(1, database);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          long pid = rows.getLong(1);
          ownTicks(pid).ifPresent(ticks -> backends.put(pid, ticks));
        }
      }
    }
    Postgres server = postgresTicks();
    return new Sample(
        server.total(),
        backends,
        server.reaped(),
        server.children(),
        mysqld < 0 ? -1 : ownTicks(mysqld).orElse(-1));
  }

  /**
   * The PostgreSQL server's ticks: in all (the postmaster's own, its reaped children's and its live
   * children's), of its reaped children, and of each live child; -1 where unknown.
   */
  private record Postgres(long total, long reaped, Map<Long, Long> children) {
    static final Postgres UNKNOWN = new Postgres(-1, -1, Map.of());
  }

  /**
   * Reads the postmaster, then its children, then the postmaster again: a child reaped between the
   * first read and the scan would be in neither, so a read whose reaped time moved is repeated (a
   * few times at most; the last one stands).
   */
  private Postgres postgresTicks() {
    Postgres read = Postgres.UNKNOWN;
    for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
      read = postgresTicksOnce();
      if (read.reaped() < 0 || read.reaped() == reapedTicks()) {
        return read;
      }
    }
    return read;
  }

  /** The postmaster's reaped children's time now; -1 when unknown. */
  private long reapedTicks() {
    return stat(postmaster).map(DatabaseServerCpu::reaped).orElse(-1L);
  }

  private Postgres postgresTicksOnce() {
    if (postmaster < 0) {
      return Postgres.UNKNOWN;
    }
    var fields = stat(postmaster);
    if (fields.isEmpty()) {
      return Postgres.UNKNOWN;
    }
    String[] f = fields.get();
    long reaped = reaped(f);
    long total = ticks(f, 11) + ticks(f, 12) + reaped;
    Map<Long, Long> children = new HashMap<>();
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        long pid = Long.parseLong(process.getFileName().toString());
        var child = stat(pid);
        if (child.isPresent() && Long.parseLong(child.get()[1]) == postmaster) {
          long own = ticks(child.get(), 11) + ticks(child.get(), 12);
          children.put(pid, own);
          total += own;
        }
      }
    } catch (IOException e) {
      return Postgres.UNKNOWN;
    }
    return new Postgres(total, reaped, children);
  }

  private static OptionalLong ownTicks(long pid) {
    return ownTicks(Path.of("/proc", Long.toString(pid), "stat"));
  }

  /**
   * The user and system time in a {@code stat} file of {@code /proc}: a process's ({@code
   * /proc/<pid>/stat}) or one thread's ({@code /proc/<pid>/task/<tid>/stat}); empty when it cannot
   * be read.
   */
  static OptionalLong ownTicks(Path statFile) {
    var fields = stat(statFile);
    return fields.isEmpty()
        ? OptionalLong.empty()
        : OptionalLong.of(ticks(fields.get(), 11) + ticks(fields.get(), 12));
  }

  private static java.util.Optional<String[]> stat(long pid) {
    return stat(Path.of("/proc", Long.toString(pid), "stat"));
  }

  /**
   * The fields of a {@code stat} file after the command name (which may hold spaces): index 0 is
   * the state, 1 the parent's pid, 11 and 12 user and system time, 13 and 14 those of reaped
   * children.
   */
  private static java.util.Optional<String[]> stat(Path statFile) {
    try {
      String line = Files.readString(statFile);
      return java.util.Optional.of(line.substring(line.lastIndexOf(')') + 2).trim().split("\\s+"));
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty(); // gone, or not Linux
    }
  }

  /** The user and system time of a process's reaped children, from its {@code stat} fields. */
  private static long reaped(String[] fields) {
    return ticks(fields, 13) + ticks(fields, 14);
  }

  private static long ticks(String[] fields, int index) {
    return Long.parseLong(fields[index]);
  }
}
