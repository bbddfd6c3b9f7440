package io.storeplane.provisioning.connect;

import io.storeplane.provisioning.supabase.rest.PostgrestClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Data API clients of Supabase stores: one per store, built on its first call from the store's
 * route and kept while the route's stamp (config version, state) is unchanged; a changed stamp
 * builds a new one and retires the old. A client unused for the idle timeout is retired too, and
 * one whose store's breaker opens, so the trial call starts afresh. A retired client is closed once
 * the last call using it returns (calls hold a lease, as on pools), so replacing a client never
 * cuts off a request in flight.
 */
final class RestClients {

  private final PostgrestClientFactory factory;
  private final Clock clock;
  private final Duration idleTimeout;
  private final Map<UUID, Client> clients = new ConcurrentHashMap<>();
  private final Set<Client> retired = ConcurrentHashMap.newKeySet();
  private volatile boolean shutDown;

  RestClients(PostgrestClientFactory factory, Clock clock, Duration idleTimeout) {
    this.factory = factory;
    this.clock = clock;
    this.idleTimeout = idleTimeout;
  }

  /** One store's client and the calls using it. */
  static final class Client {
    private final RouteStamp stamp;
    private final long generation;
    private final PostgrestClient rest;
    private final AtomicInteger leases = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean retired;
    private volatile Instant lastUsed;

    private Client(RouteStamp stamp, long generation, PostgrestClient rest, Instant now) {
      this.stamp = stamp;
      this.generation = generation;
      this.rest = rest;
      this.lastUsed = now;
    }

    PostgrestClient rest() {
      return rest;
    }

    /** Whether this client serves {@code route}: built for its stamp, or for a newer route. */
    private boolean serves(CachedRoute cached) {
      return stamp.equals(cached.route().stamp()) || generation > cached.generation();
    }
  }

  /**
   * The store's client, leased: {@link #release(Client)} it when the call ends. A caller holding an
   * older route uses the newer route's client rather than flapping back.
   */
  Client lease(CachedRoute cached, PostgrestTarget target) {
    if (shutDown) {
      throw closedManager();
    }
    while (true) {
      Client client = current(cached, target);
      client.leases.incrementAndGet();
      if (!client.retired) {
        client.lastUsed = clock.instant();
        return client;
      }
      release(client);
    }
  }

  void release(Client client) {
    if (client.leases.decrementAndGet() == 0 && client.retired) {
      close(client);
    }
  }

  /**
   * Retires the clients unused for the idle timeout.
   *
   * @return how many were retired
   */
  int evictIdle() {
    Instant cutoff = clock.instant().minus(idleTimeout);
    int evicted = 0;
    for (Map.Entry<UUID, Client> entry : clients.entrySet()) {
      Client client = entry.getValue();
      if (client.leases.get() == 0
          && !client.lastUsed.isAfter(cutoff)
          && clients.remove(entry.getKey(), client)) {
        retire(client);
        evicted++;
      }
    }
    return evicted;
  }

  /**
   * Retires the store's client (its breaker opened, or the store is no longer served): the next
   * call builds a fresh one.
   */
  void discard(UUID storeId) {
    Client client = clients.remove(storeId);
    if (client != null) {
      retire(client);
    }
  }

  /** Clients in use or ready for use. */
  int openCount() {
    return clients.size();
  }

  /** Closes every client at once (the manager is closing). */
  void closeAll() {
    shutDown = true;
    clients.values().forEach(this::close);
    clients.clear();
    retired.forEach(this::close);
  }

  private Client current(CachedRoute cached, PostgrestTarget target) {
    UUID storeId = cached.route().storeId();
    Client client = clients.get(storeId);
    if (client != null && client.serves(cached)) {
      return client;
    }
    // Built outside the map's lock: opening checks the customer's host against the outbound guard
    // (a DNS lookup), which must not hold up the calls of other stores.
    Client built =
        new Client(
            cached.route().stamp(), cached.generation(), factory.open(target), clock.instant());
    AtomicReference<Client> replaced = new AtomicReference<>();
    Client installed =
        clients.compute(
            storeId,
            (id, present) -> {
              if (present != null && present.serves(cached)) {
                return present;
              }
              replaced.set(present);
              return built;
            });
    if (installed != built) {
      close(built);
    }
    if (replaced.get() != null) {
      retire(replaced.get());
    }
    if (shutDown) {
      clients.remove(storeId, installed);
      close(installed);
      throw closedManager();
    }
    return installed;
  }

  private static IllegalStateException closedManager() {
    return new IllegalStateException("The connection manager is closed");
  }

  private void retire(Client client) {
    client.retired = true;
    retired.add(client);
    if (client.leases.get() == 0) {
      close(client);
    }
  }

  private void close(Client client) {
    if (client.closed.compareAndSet(false, true)) {
      client.rest.close();
    }
    retired.remove(client);
  }
}
