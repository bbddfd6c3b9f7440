package io.storeplane.bus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One instance's end of the bus, free of any framework.
 *
 * <p>{@link #publish} inserts an event into {@code bus_events} and NOTIFYs it on the caller's
 * connection, in one statement: PostgreSQL delivers the notification only if and when the caller's
 * transaction commits. Once it committed, the caller hands the event to this instance's own
 * subscribers with {@link #deliverLocally} (the listener skips this instance's events).
 *
 * <p>{@link #start} opens one listening connection for the instance, however many subscribers it
 * has. Other instances' events reach the subscribers on the listener's thread, each event once: by
 * its notification or, when that was missed (the connection dropped, the instance started after),
 * by the backstop that reads the last {@link BusSettings#lookback()} of rows after every
 * (re)connect and every {@link BusSettings#backstopInterval()}.
 */
public final class Bus implements AutoCloseable {

  private static final String PUBLISH =
      "WITH event AS (INSERT INTO bus_events (topic, payload, origin) VALUES (?, ?, ?)"
          + " RETURNING seq, topic, origin, payload)"
          + " SELECT seq, pg_notify('"
          + Listener.CHANNEL
          + "', json_build_object('seq', seq, 'topic', topic, 'origin', origin,"
          + " 'payload', payload::json)::text) FROM event";

  /** PostgreSQL keeps at most this many characters of an application name. */
  private static final int MAX_APPLICATION_NAME = 63;

  private final BusSettings settings;
  private final Subscribers subscribers = new Subscribers();
  private final DeliveredEvents delivered;
  private final Listener listener;
  private final LongAdder published = new LongAdder();
  private final LongAdder deliveredLocally = new LongAdder();
  private final LongAdder deliveredByNotify = new LongAdder();
  private final LongAdder deliveredByBackstop = new LongAdder();
  private final LongAdder backstopRuns = new LongAdder();
  private final LongAdder reconnects = new LongAdder();
  private boolean started;

  /** A bus for this instance; nothing is listened to before {@link #start()}. */
  public Bus(BusSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.delivered = new DeliveredEvents(settings.lookback().multipliedBy(2));
    this.listener =
        new Listener(
            settings,
            applicationName(),
            this::receive,
            backstopRuns::increment,
            reconnects::increment);
  }

  /** This instance's id, the origin of the events it publishes. */
  public String instanceId() {
    return settings.instanceId();
  }

  /** The settings this bus runs with. */
  public BusSettings settings() {
    return settings;
  }

  /**
   * The {@code application_name} of this instance's listening connection in {@code
   * pg_stat_activity}.
   */
  public String applicationName() {
    String name = "storeplane-bus " + settings.instanceId();
    return name.length() <= MAX_APPLICATION_NAME ? name : name.substring(0, MAX_APPLICATION_NAME);
  }

  /** Opens the listening connection and starts its daemon thread; a second call does nothing. */
  public synchronized void start() {
    if (!started) {
      started = true;
      listener.start();
    }
  }

  /**
   * Publishes an event in the transaction of {@code connection}: inserts its row and notifies it in
   * one statement, so other instances get it only if and when that transaction commits. Deliver it
   * to this instance's subscribers after the commit with {@link #deliverLocally}.
   *
   * @return the event's sequence number
   * @throws BusException {@code bus-payload-too-large} past {@link Topic#MAX_PAYLOAD_BYTES}, {@code
   *     bus-publish-failed} when the database fails the statement
   */
  public <T> long publish(Connection connection, Topic<T> topic, T event) {
    String payload = topic.encode(event);
    try (PreparedStatement insert = connection.prepareStatement(PUBLISH)) {
      insert.setString(1, topic.name());
      insert.setString(2, payload);
      insert.setString(3, settings.instanceId());
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        published.increment();
        return row.getLong(1);
      }
    } catch (SQLException e) {
      throw new BusException(
          BusError.PUBLISH_FAILED,
          "An event of topic " + topic.name() + " could not be published: " + e.getMessage(),
          e);
    }
  }

  /**
   * Hands an event this instance published, and whose transaction committed, to this instance's
   * subscribers, on the calling thread.
   */
  public <T> void deliverLocally(Topic<T> topic, T event) {
    deliveredLocally.increment();
    subscribers.deliver(topic, event);
  }

  /**
   * Calls {@code handler} with every event of {@code topic}: those of other instances on the
   * listener's thread, this instance's own on the thread that delivers them locally. A handler that
   * throws is logged; the others are still called.
   *
   * @return what unsubscribes
   */
  public <T> Subscription subscribe(Topic<T> topic, Consumer<? super T> handler) {
    return subscribers.add(Objects.requireNonNull(topic), Objects.requireNonNull(handler));
  }

  /** What this bus has done so far. */
  public BusCounters counters() {
    return new BusCounters(
        published.sum(),
        deliveredLocally.sum(),
        deliveredByNotify.sum(),
        deliveredByBackstop.sum(),
        backstopRuns.sum(),
        reconnects.sum(),
        subscribers.failures());
  }

  /** Stops listening and closes the listening connection. */
  @Override
  public synchronized void close() {
    if (started) {
      listener.stop();
    }
  }

  /** An event read from the master by the listener, on its thread. */
  private void receive(BusEvent event, boolean byBackstop) {
    if (event.origin().equals(settings.instanceId())
        || !delivered.firstDelivery(event.seq(), System.nanoTime())) {
      return;
    }
    (byBackstop ? deliveredByBackstop : deliveredByNotify).increment();
    subscribers.deliver(event);
  }
}
