package io.storeplane.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The one listening connection of an instance and the daemon thread that serves it: {@code LISTEN
 * storeplane_bus}, wait for notifications, read the recent rows after every (re)connect and every
 * backstop interval, delete rows past retention now and then, and reconnect with a growing backoff
 * when the connection dies. Every event read goes to one sink, on this thread.
 */
final class Listener implements Runnable {

  /** The channel every instance listens on. */
  static final String CHANNEL = "storeplane_bus";

  private static final System.Logger LOG = System.getLogger(Listener.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long one wait for notifications lasts at most, so a stop is noticed soon. */
  private static final long MAX_WAIT_MILLIS = 500;

  /** Retention runs at most this often (and at least once per retention). */
  private static final Duration MAX_RETENTION_INTERVAL = Duration.ofMinutes(1);

  /** A query on the listening connection that hangs longer than this drops the connection. */
  private static final int SOCKET_TIMEOUT_SECONDS = 30;

  private static final String BACKSTOP =
      "SELECT seq, topic, origin, payload FROM bus_events"
          + " WHERE created_at > now() - make_interval(secs => ?) AND origin <> ? ORDER BY seq";
  private static final String RETENTION =
      "DELETE FROM bus_events WHERE created_at < now() - make_interval(secs => ?)";

  /** Where an event read from the master goes, with whether the backstop found it. */
  interface Sink extends BiConsumer<BusEvent, Boolean> {}

  private final BusSettings settings;
  private final String applicationName;
  private final Sink sink;
  private final Runnable onBackstop;
  private final Runnable onReconnect;
  private volatile boolean running = true;
  private volatile Thread thread;

  Listener(
      BusSettings settings,
      String applicationName,
      Sink sink,
      Runnable onBackstop,
      Runnable onReconnect) {
    this.settings = settings;
    this.applicationName = applicationName;
    this.sink = sink;
    this.onBackstop = onBackstop;
    this.onReconnect = onReconnect;
  }

  void start() {
    Thread started = new Thread(this, "storeplane-bus-listener");
    started.setDaemon(true);
    thread = started;
    started.start();
  }

  /** Stops the thread and waits for it (at most a few seconds); its connection closes. */
  void stop() {
    running = false;
    Thread stopped = thread;
    if (stopped != null) {
      stopped.interrupt();
      try {
        stopped.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void run() {
    long backoffMillis = settings.reconnectBackoff().toMillis();
    boolean first = true;
    while (running) {
      try (Connection connection = connect()) {
        try (Statement listen = connection.createStatement()) {
          listen.execute("LISTEN " + CHANNEL);
        }
        if (!first) {
          onReconnect.run();
          LOG.log(Level.INFO, "The bus's listening connection is back");
        }
        first = false;
        backoffMillis = settings.reconnectBackoff().toMillis();
        serve(connection);
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          break;
        }
        LOG.log(
            Level.WARNING,
            "The bus's listening connection failed; reconnecting in "
                + backoffMillis
                + " ms: "
                + e);
        if (!pause(backoffMillis)) {
          break;
        }
        backoffMillis = Math.min(backoffMillis * 2, BusSettings.MAX_RECONNECT_BACKOFF.toMillis());
      }
    }
  }

  private Connection connect() throws SQLException {
    Properties properties = new Properties();
    if (!settings.username().isEmpty()) {
      properties.setProperty("user", settings.username());
      properties.setProperty("password", settings.password());
    }
    properties.setProperty("ApplicationName", applicationName);
    properties.setProperty("tcpKeepAlive", "true");
    properties.setProperty("connectTimeout", "10");
    properties.setProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT_SECONDS));
    Connection connection = new org.postgresql.Driver().connect(settings.jdbcUrl(), properties);
    if (connection == null) {
      throw new SQLException("The bus needs a PostgreSQL JDBC URL, not " + settings.jdbcUrl());
    }
    connection.setAutoCommit(true);
    return connection;
  }

  private void serve(Connection connection) throws SQLException {
    PGConnection notifications = connection.unwrap(PGConnection.class);
    long backstopNanos = settings.backstopInterval().toNanos();
    long retentionNanos = min(settings.retention().dividedBy(10), MAX_RETENTION_INTERVAL).toNanos();
    long nextBackstop = System.nanoTime();
    long nextRetention = nextBackstop;
    while (running) {
      long now = System.nanoTime();
      if (now - nextBackstop >= 0) {
        backstop(connection);
        nextBackstop = System.nanoTime() + backstopNanos;
      }
      if (now - nextRetention >= 0) {
        deleteOldRows(connection);
        nextRetention = System.nanoTime() + retentionNanos;
      }
      long waitMillis =
          Math.max(
              1,
              Math.min(
                  MAX_WAIT_MILLIS,
                  TimeUnit.NANOSECONDS.toMillis(nextBackstop - System.nanoTime())));
      PGNotification[] received = notifications.getNotifications((int) waitMillis);
      if (received != null) {
        for (PGNotification notification : received) {
          if (CHANNEL.equals(notification.getName())) {
            read(notification.getParameter());
          }
        }
      }
    }
  }

  private void read(String json) {
    BusEvent event;
    try {
      JsonNode envelope = JSON.readTree(json);
      event =
          new BusEvent(
              envelope.get("seq").asLong(),
              envelope.get("topic").asText(),
              envelope.get("origin").asText(),
              envelope.get("payload").toString());
    } catch (Exception e) {
      LOG.log(Level.ERROR, "A bus notification does not read as an event, ignored: " + e, e);
      return;
    }
    sink.accept(event, false);
  }

  private void backstop(Connection connection) throws SQLException {
    try (PreparedStatement recent = connection.prepareStatement(BACKSTOP)) {
      recent.setDouble(1, seconds(settings.lookback()));
      recent.setString(2, settings.instanceId());
      try (ResultSet rows = recent.executeQuery()) {
        while (rows.next()) {
          sink.accept(
              new BusEvent(
                  rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4)),
              true);
        }
      }
    }
    onBackstop.run();
  }

  private void deleteOldRows(Connection connection) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(RETENTION)) {
      delete.setDouble(1, seconds(settings.retention()));
      int deleted = delete.executeUpdate();
      if (deleted > 0) {
        LOG.log(Level.DEBUG, "The bus deleted " + deleted + " events past retention");
      }
    }
  }

  /** Waits, unless stopped; false when stopped. */
  private boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return running;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
