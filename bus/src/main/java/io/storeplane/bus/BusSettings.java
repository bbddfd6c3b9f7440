package io.storeplane.bus;

import java.time.Duration;
import java.util.Objects;

/**
 * How one instance's {@link Bus} reaches the master database and how often it looks back.
 *
 * @param instanceId this instance's id, the {@code origin} of what it publishes; unique per running
 *     process, at most 128 characters
 * @param jdbcUrl the master database's PostgreSQL JDBC URL, for the one listening connection
 * @param username the master database's user; empty to take it from the URL
 * @param password the master database's password (never shown by {@link #toString()}, nor a
 *     password in the URL)
 * @param backstopInterval how often the listener reads the recent {@code bus_events} rows for
 *     events whose notification it missed (also right after every (re)connect)
 * @param lookback how far back the backstop reads; a notification missed for longer than this is
 *     never delivered
 * @param retention rows older than this are deleted; longer than {@code lookback}
 * @param reconnectBackoff the first wait before reconnecting a dropped listening connection; it
 *     doubles up to {@link #MAX_RECONNECT_BACKOFF} while the master stays unreachable
 */
public record BusSettings(
    String instanceId,
    String jdbcUrl,
    String username,
    String password,
    Duration backstopInterval,
    Duration lookback,
    Duration retention,
    Duration reconnectBackoff) {

  /**
   * The defaults, written once as ISO-8601 durations so that configuration ({@code
   * storeplane.bus.*}) can name them too.
   */
  public static final class Defaults {
    /** Default {@link #backstopInterval}: 5 seconds. */
    public static final String BACKSTOP_INTERVAL = "PT5S";

    /** Default {@link #lookback}: 60 seconds. */
    public static final String LOOKBACK = "PT60S";

    /** Default {@link #retention}: 10 minutes. */
    public static final String RETENTION = "PT10M";

    /** Default {@link #reconnectBackoff}: 250 milliseconds. */
    public static final String RECONNECT_BACKOFF = "PT0.25S";

    private Defaults() {}
  }

  /** Default {@link #backstopInterval}. */
  public static final Duration DEFAULT_BACKSTOP_INTERVAL =
      Duration.parse(Defaults.BACKSTOP_INTERVAL);

  /** Default {@link #lookback}. */
  public static final Duration DEFAULT_LOOKBACK = Duration.parse(Defaults.LOOKBACK);

  /** Default {@link #retention}. */
  public static final Duration DEFAULT_RETENTION = Duration.parse(Defaults.RETENTION);

  /** Default {@link #reconnectBackoff}. */
  public static final Duration DEFAULT_RECONNECT_BACKOFF =
      Duration.parse(Defaults.RECONNECT_BACKOFF);

  /** The longest wait between two attempts to reconnect. */
  public static final Duration MAX_RECONNECT_BACKOFF = Duration.ofSeconds(5);

  private static final int MAX_INSTANCE_ID_LENGTH = 128;

  /**
   * @throws IllegalArgumentException for a blank or too long instance id, a non-positive duration,
   *     or a retention not longer than the lookback
   */
  public BusSettings {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    username = username == null ? "" : username;
    password = password == null ? "" : password;
    if (instanceId.isBlank() || instanceId.length() > MAX_INSTANCE_ID_LENGTH) {
      throw new IllegalArgumentException(
          "The bus's instance id must have 1 to " + MAX_INSTANCE_ID_LENGTH + " characters");
    }
    positive("backstopInterval", backstopInterval);
    positive("lookback", lookback);
    positive("retention", retention);
    positive("reconnectBackoff", reconnectBackoff);
    if (retention.compareTo(lookback) <= 0) {
      throw new IllegalArgumentException(
          "The bus's retention ("
              + retention
              + ") must be longer than its lookback ("
              + lookback
              + ")");
    }
  }

  /** Settings with every duration at its default. */
  public static BusSettings of(
      String instanceId, String jdbcUrl, String username, String password) {
    return new BusSettings(
        instanceId,
        jdbcUrl,
        username,
        password,
        DEFAULT_BACKSTOP_INTERVAL,
        DEFAULT_LOOKBACK,
        DEFAULT_RETENTION,
        DEFAULT_RECONNECT_BACKOFF);
  }

  /** These settings with another backstop interval. */
  public BusSettings withBackstopInterval(Duration interval) {
    return new BusSettings(
        instanceId, jdbcUrl, username, password, interval, lookback, retention, reconnectBackoff);
  }

  /** These settings with another lookback. */
  public BusSettings withLookback(Duration newLookback) {
    return new BusSettings(
        instanceId,
        jdbcUrl,
        username,
        password,
        backstopInterval,
        newLookback,
        retention,
        reconnectBackoff);
  }

  /** These settings with another retention. */
  public BusSettings withRetention(Duration newRetention) {
    return new BusSettings(
        instanceId,
        jdbcUrl,
        username,
        password,
        backstopInterval,
        lookback,
        newRetention,
        reconnectBackoff);
  }

  /** These settings with another first reconnect backoff. */
  public BusSettings withReconnectBackoff(Duration backoff) {
    return new BusSettings(
        instanceId, jdbcUrl, username, password, backstopInterval, lookback, retention, backoff);
  }

  /**
   * The longest a committed event waits at a listener whose connection dropped while the master
   * stayed up: one backstop interval to notice a drop the driver does not report at once, the first
   * reconnect backoff, then the backlog is read right after the reconnect. Holds for events younger
   * than the {@link #lookback} when the backlog is read.
   */
  public Duration deliveryBoundAfterDrop() {
    return reconnectBackoff.plus(backstopInterval);
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("The bus's " + name + " must be positive: " + value);
    }
  }

  @Override
  public String toString() {
    return "BusSettings[instanceId="
        + instanceId
        + ", jdbcUrl="
        + jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***")
        + ", username="
        + username
        + ", backstopInterval="
        + backstopInterval
        + ", lookback="
        + lookback
        + ", retention="
        + retention
        + ", reconnectBackoff="
        + reconnectBackoff
        + "]";
  }
}
