package io.storeplane.provisioning;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Provisioning jobs and managed servers ({@code storeplane.provisioning.*}). Every default is
 * written once, here ({@code @WithDefault}); docs/configuration.md lists them.
 */
@ConfigMapping(prefix = "storeplane.provisioning")
public interface ProvisioningConfig {

  /**
   * How many provisioning jobs may run at once, cluster-wide (workers: {@code storeplane.jobs}).
   */
  Parallelism parallelism();

  /** Retries of transient failures. */
  Retry retry();

  /** Values the default seed rows get. */
  Seed seed();

  /** The default managed MySQL/MariaDB server, registered at start when given and reachable. */
  DefaultMysql defaultMysql();

  /** The template fast path for managed PostgreSQL. */
  Template template();

  /** The warm pool of ready store databases on each managed server. */
  WarmPool warmPool();

  /** Admin sessions on managed servers, kept open between uses. */
  AdminConnections adminConnections();

  /** How many stores a default server registered at start-up may hold. */
  @WithDefault("500")
  int defaultServerMaxStores();

  /** Parallelism limits of provisioning jobs across the cluster. */
  interface Parallelism {
    /** Provisioning jobs running at once in the whole cluster; 0: no limit but the threads. */
    @WithDefault("0")
    int maxRunning();

    /**
     * Provisioning jobs running at once against one database server (an existing database's {@code
     * host:port}, one managed engine, Supabase's Management API), so onboarding never takes a
     * server's whole connection budget; 0: no limit.
     */
    @WithDefault("8")
    int maxPerServer();
  }

  /** Template databases. */
  interface Template {
    /** Whether managed PostgreSQL servers keep a template at the current schema version. */
    @WithDefault("true")
    boolean enabled();

    /** How often workers check that every server's template is ready. */
    @WithDefault("30s")
    Duration checkInterval();
  }

  /** The warm pool: databases made ready in advance, claimed by onboarding. */
  interface WarmPool {
    /**
     * READY databases (with their logins, at the current client-schema version) kept on every
     * active managed server, PostgreSQL and MySQL alike; 0 switches the pool off (existing entries
     * are dropped by the next refill).
     */
    @WithDefault("4")
    int size();

    /** The delay between the end of one refill job and the next (a claim also queues one). */
    @WithDefault("30s")
    Duration refillInterval();

    /**
     * Connections each instance keeps open per server into the READY entries a claim takes next,
     * each as the entry's own login, so the seed after a claim does not wait for a new backend; 0
     * opens none. They count toward the server's connections like any other.
     */
    @WithDefault("2")
    int primedConnections();
  }

  /**
   * Admin sessions on managed servers: each instance keeps the sessions its provisioning steps
   * close, for the next admin statement on the same server, instead of starting a new one each
   * time.
   */
  interface AdminConnections {
    /**
     * Idle admin sessions each instance keeps per managed server; 0 keeps none (every admin
     * statement opens and ends a session of its own). They count toward the server's connections
     * like any other.
     */
    @WithDefault("4")
    int idlePerServer();

    /** How long an admin session may stay idle before it is closed. */
    @WithDefault("60s")
    Duration idleTimeout();
  }

  /** Retry policy. */
  interface Retry {
    /** Tries in all for transient failures. */
    @WithDefault("5")
    int maxAttempts();

    /** Delay after the first failure; doubled after each. */
    @WithDefault("2s")
    Duration initialBackoff();

    /** Longest delay between tries. */
    @WithDefault("5m")
    Duration maxBackoff();
  }

  /** Seed values. */
  interface Seed {
    /** Store currency (ISO 4217). */
    @WithDefault("USD")
    String currency();

    /** Store locale (BCP 47). */
    @WithDefault("en-US")
    String locale();

    /** Store time zone. */
    @WithDefault("UTC")
    String timezone();
  }

  /** The default managed MySQL server. */
  interface DefaultMysql {
    /** Host; none: no default MySQL server. */
    Optional<String> host();

    /** Port. */
    @WithDefault("3306")
    int port();

    /** Admin login. */
    @WithDefault("root")
    String username();

    /** Admin password. */
    Optional<String> password();
  }
}
