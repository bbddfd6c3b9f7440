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

  /** The job workers of this instance. */
  Worker worker();

  /** Retries of transient failures. */
  Retry retry();

  /** Values the default seed rows get. */
  Seed seed();

  /** The default managed MySQL/MariaDB server, registered at start when given and reachable. */
  DefaultMysql defaultMysql();

  /** The template fast path for managed PostgreSQL. */
  Template template();

  /** How many stores a default server registered at start-up may hold. */
  @WithDefault("500")
  int defaultServerMaxStores();

  /** Job workers. */
  interface Worker {
    /** Whether this instance runs provisioning jobs at all. */
    @WithDefault("true")
    boolean enabled();

    /** Jobs run at once by this instance. */
    @WithDefault("4")
    int threads();

    /** How often idle workers look for work (a new job also wakes them at once). */
    @WithDefault("1s")
    Duration pollInterval();

    /** How long a claim holds without renewal; a dead worker's job resumes after this. */
    @WithDefault("30s")
    Duration lease();
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
