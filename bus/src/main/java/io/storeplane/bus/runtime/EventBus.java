package io.storeplane.bus.runtime;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.storeplane.bus.Bus;
import io.storeplane.bus.BusCounters;
import io.storeplane.bus.BusError;
import io.storeplane.bus.BusException;
import io.storeplane.bus.BusSettings;
import io.storeplane.bus.Subscription;
import io.storeplane.bus.Topic;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * This instance's bus, for publishers and subscribers in the application.
 *
 * <p>{@link #publish} writes the event on the master database's connection of the caller's JTA
 * transaction (Agroal hands out the connection enlisted in it), so other instances get it only if
 * that transaction commits; once it committed, this instance's own subscribers get it on the
 * committing thread, before the request that made the change returns. Without a transaction the
 * event is written at once and delivered at once.
 *
 * <p>The listening connection opens at startup with the master database's settings ({@code
 * quarkus.datasource.jdbc.*}, read at runtime) and closes at shutdown.
 */
@ApplicationScoped
public class EventBus {

  private static final Logger LOG = Logger.getLogger(EventBus.class);

  private final DataSource dataSource;

  private final TransactionSynchronizationRegistry transactions;
  private final BusConfig config;
  private Bus bus;

  EventBus(
      DataSource dataSource, TransactionSynchronizationRegistry transactions, BusConfig config) {
    this.dataSource = dataSource;
    this.transactions = transactions;
    this.config = config;
  }

  @PostConstruct
  void create() {
    Config settings = ConfigProvider.getConfig();
    bus =
        new Bus(
            new BusSettings(
                config.instanceId().orElseGet(EventBus::defaultInstanceId),
                settings.getOptionalValue("quarkus.datasource.jdbc.url", String.class).orElse(""),
                settings.getOptionalValue("quarkus.datasource.username", String.class).orElse(""),
                settings.getOptionalValue("quarkus.datasource.password", String.class).orElse(""),
                config.backstopInterval(),
                config.lookback(),
                config.retention(),
                config.reconnectBackoff()));
  }

  /** Opens the listening connection once the application's subscribers registered. */
  void start(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) StartupEvent started) {
    if (!config.enabled()) {
      LOG.info("The bus is off (storeplane.bus.enabled=false): events stay on this instance");
      return;
    }
    if (bus.settings().jdbcUrl().isEmpty()) {
      LOG.warn("The bus does not listen: quarkus.datasource.jdbc.url is not set");
      return;
    }
    bus.start();
    LOG.infof("The bus listens as %s: %s", bus.instanceId(), bus.settings());
  }

  void stop(@Observes ShutdownEvent stopping) {
    bus.close();
  }

  /**
   * Publishes an event: to the other instances if and when the caller's transaction commits, and
   * then to this instance's subscribers on the committing thread. Without a transaction, both at
   * once. In a transaction that can only roll back, nothing; in one that already published an equal
   * event, nothing more.
   *
   * @throws io.storeplane.bus.BusException {@code bus-payload-too-large} for too large an event,
   *     {@code bus-publish-failed} when the master database fails the write
   */
  public <T> void publish(Topic<T> topic, T event) {
    int status = transactions.getTransactionStatus();
    if (status == Status.STATUS_NO_TRANSACTION) {
      if (config.enabled()) {
        publishAlone(topic, event);
      }
      bus.deliverLocally(topic, event);
      return;
    }
    if (status != Status.STATUS_ACTIVE) {
      LOG.debugf("Bus event of topic %s not published: its transaction will roll back", topic);
      return;
    }
    PublishedHere published = publishedInTransaction();
    List<Object> key = List.of(topic.name(), event);
    if (published.keys.contains(key)) {
      return; // an equal event of this transaction is already on its way: it says the same
    }
    if (config.enabled()) {
      try (Connection connection = dataSource.getConnection()) {
        bus.publish(connection, topic, event);
      } catch (SQLException e) {
        throw failed(topic, e);
      }
    }
    published.keys.add(key);
    published.deliveries.add(() -> bus.deliverLocally(topic, event));
  }

  /**
   * Calls {@code handler} with every event of {@code topic}, this instance's own after they commit
   * and other instances' as they arrive (on the listener's thread); a handler that throws is logged
   * and does not stop the others.
   *
   * @return what unsubscribes
   */
  public <T> Subscription subscribe(Topic<T> topic, Consumer<? super T> handler) {
    return bus.subscribe(topic, handler);
  }

  /** This instance's id on the bus. */
  public String instanceId() {
    return bus.instanceId();
  }

  /** What the bus has done so far on this instance. */
  public BusCounters counters() {
    return bus.counters();
  }

  /** What the current transaction published, made and registered at its first event. */
  private PublishedHere publishedInTransaction() {
    PublishedHere published = (PublishedHere) transactions.getResource(PublishedHere.class);
    if (published == null) {
      published = new PublishedHere();
      transactions.putResource(PublishedHere.class, published);
      transactions.registerInterposedSynchronization(published);
    }
    return published;
  }

  private <T> void publishAlone(Topic<T> topic, T event) {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      bus.publish(connection, topic, event);
      if (!autoCommit) {
        connection.commit();
      }
    } catch (SQLException e) {
      throw failed(topic, e);
    }
  }

  private static BusException failed(Topic<?> topic, SQLException e) {
    return new BusException(
        BusError.PUBLISH_FAILED,
        "An event of topic " + topic.name() + " could not be published: " + e.getMessage(),
        e);
  }

  private static String defaultInstanceId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "instance";
    }
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    int room = 128 - suffix.length() - 1;
    return (host.length() > room ? host.substring(0, room) : host) + "-" + suffix;
  }

  /**
   * The events one transaction published: each once (an equal event published again in it is
   * dropped: a transaction that changes a store twice announces it once, and subscribers read what
   * it is now), handed to this instance's subscribers in the order published once it commits;
   * nothing when it rolled back.
   */
  private static final class PublishedHere implements Synchronization {
    private final Set<List<Object>> keys = new HashSet<>();
    private final List<Runnable> deliveries = new ArrayList<>();

    @Override
    public void beforeCompletion() {}

    @Override
    public void afterCompletion(int status) {
      if (status != Status.STATUS_COMMITTED) {
        return;
      }
      for (Runnable delivery : deliveries) {
        try {
          delivery.run();
        } catch (RuntimeException e) {
          // each event on its own: one that fails to reach this instance's subscribers does not
          // keep the transaction's others from them
          LOG.warnf(e, "A committed bus event could not be delivered on this instance");
        }
      }
    }
  }
}
