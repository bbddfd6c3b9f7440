package io.storeplane.bus.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.storeplane.bus.BusSettings.Defaults;
import java.time.Duration;
import java.util.Optional;

/**
 * The bus's knobs ({@code storeplane.bus.*}); docs/configuration.md lists them. The defaults are
 * written once, in {@link Defaults}. The listening connection uses the master database's {@code
 * quarkus.datasource.jdbc.url}, {@code .username} and {@code .password}.
 */
@ConfigMapping(prefix = "storeplane.bus")
public interface BusConfig {

  /**
   * Whether events travel between instances. Off, nothing is written to {@code bus_events} and no
   * connection listens: events still reach this instance's own subscribers after commit (enough for
   * a single instance).
   */
  @WithDefault("true")
  boolean enabled();

  /**
   * How often the listener reads the recent events for those whose notification it missed; also
   * done right after every (re)connect. Bounds how late an event arrives after a dropped
   * connection.
   */
  @WithDefault(Defaults.BACKSTOP_INTERVAL)
  Duration backstopInterval();

  /** How far back the backstop reads; an event missed for longer is never delivered. */
  @WithDefault(Defaults.LOOKBACK)
  Duration lookback();

  /** Events older than this are deleted from {@code bus_events}; longer than the lookback. */
  @WithDefault(Defaults.RETENTION)
  Duration retention();

  /**
   * The first wait before reconnecting a dropped listening connection; doubles up to 5 s while the
   * master stays unreachable.
   */
  @WithDefault(Defaults.RECONNECT_BACKOFF)
  Duration reconnectBackoff();

  /**
   * This instance's id on the bus, the origin of its events; unique per running process. By default
   * the host name and a random suffix.
   */
  Optional<String> instanceId();
}
