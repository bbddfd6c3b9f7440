package io.storeplane.api.provisioning;

import io.quarkus.runtime.StartupEvent;
import io.storeplane.error.StoreplaneException;
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.provisioning.ProvisioningConfig;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.provisioning.guard.JdbcUrls;
import io.storeplane.provisioning.server.DatabaseServerService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * At start-up, registers the PostgreSQL server that holds the master database as the default
 * managed PostgreSQL server, and the configured MySQL/MariaDB server (when it answers) as the
 * default managed MySQL server, unless defaults exist already.
 */
@ApplicationScoped
public class DefaultServers {

  private static final Logger LOG = Logger.getLogger(DefaultServers.class);

  @ConfigProperty(name = "quarkus.datasource.jdbc.url")
  Optional<String> masterUrl;

  @ConfigProperty(name = "quarkus.datasource.username")
  Optional<String> masterUser;

  @ConfigProperty(name = "quarkus.datasource.password")
  Optional<String> masterPassword;

  private final DatabaseServerService servers;
  private final ProvisioningConfig config;

  DefaultServers(DatabaseServerService servers, ProvisioningConfig config) {
    this.servers = servers;
    this.config = config;
  }

  void register(@Observes StartupEvent event) {
    try {
      masterUrl.ifPresent(this::registerPostgres);
      config.defaultMysql().host().ifPresent(this::registerMysql);
    } catch (StoreplaneException e) {
      // A module error's message says what is wrong (e.g. a configured key that is not a key).
      LOG.errorf("Registering the default managed database servers failed: %s", e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("Registering the default managed database servers failed", e);
    }
  }

  private void registerPostgres(String url) {
    JdbcUrls.Endpoint endpoint = JdbcUrls.endpoints(url).get(0);
    servers.registerDefaultIfAbsent(
        new DatabaseServerService.NewServer(
            "default-postgresql",
            DatabaseEngine.POSTGRESQL,
            endpoint.host(),
            endpoint.port(),
            masterUser.orElse("postgres"),
            SecretString.of(masterPassword.orElse("")),
            config.defaultServerMaxStores(),
            true));
  }

  private void registerMysql(String host) {
    var mysql = config.defaultMysql();
    SecretString password = SecretString.of(mysql.password().orElse(""));
    DatabaseLogin probe =
        new DatabaseLogin(
            DatabaseEngine.MYSQL,
            host,
            mysql.port(),
            "mysql",
            mysql.username(),
            password,
            false,
            false);
    try (Connection ignored = probe.open()) {
      servers.registerDefaultIfAbsent(
          new DatabaseServerService.NewServer(
              "default-mysql",
              DatabaseEngine.MYSQL,
              host,
              mysql.port(),
              mysql.username(),
              password,
              config.defaultServerMaxStores(),
              true));
    } catch (SQLException e) {
      LOG.infof(
          "No default managed MySQL server: %s:%d does not answer (%s)",
          host, mysql.port(), e.getMessage());
    }
  }
}
