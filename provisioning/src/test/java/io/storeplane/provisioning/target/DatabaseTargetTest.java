package io.storeplane.provisioning.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storeplane.master.secret.SecretString;
import io.storeplane.provisioning.guard.GuardedSocketFactory;
import io.storeplane.provisioning.guard.JdbcEngine;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseTargetTest {

  private static DatabaseTarget target(String host, String database) {
    return new DatabaseTarget(
        JdbcEngine.POSTGRESQL, host, 5432, database, "shop", SecretString.of("pw-123"), false);
  }

  @Test
  void credentialsTravelAsPropertiesNeverInTheUrl() {
    DatabaseTarget target = target("db.example.com", "shop");
    assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/shop");
    assertThat(target.jdbcProperties(Duration.ofSeconds(3), Duration.ofSeconds(30)))
        .containsEntry("password", "pw-123")
        .containsEntry("socketFactory", GuardedSocketFactory.class.getName())
        .containsEntry("connectTimeout", "3");
    assertThat(target.toString()).doesNotContain("pw-123");
    assertThat(target.describe()).doesNotContain("pw-123").doesNotContain("shop@");
  }

  @Test
  void ipv6HostsAreBracketed() {
    assertThat(target("::1", "shop").jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/shop");
  }

  @ParameterizedTest
  @ValueSource(strings = {"db/x", "db?socketFactory=x", "db&sslmode=disable", "", "db x"})
  void databaseNamesThatWouldChangeTheUrlAreRejected(String database) {
    assertThatThrownBy(() -> target("db.example.com", database))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"db.example.com/evil", "user@db", "db:5432?x", "a b"})
  void hostsThatWouldChangeTheUrlAreRejected(String host) {
    assertThatThrownBy(() -> target(host, "shop")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void itConnectsToARealServer() throws Exception {
    var server = io.storeplane.testing.db.TestDatabases.postgres();
    DatabaseTarget target =
        new DatabaseTarget(
            JdbcEngine.POSTGRESQL,
            server.host(),
            server.port(),
            "postgres",
            server.adminUser(),
            SecretString.of(server.adminPassword()),
            false);
    var previous =
        io.storeplane.provisioning.guard.OutboundGuards.install(
            new io.storeplane.provisioning.guard.OutboundGuard(
                io.storeplane.provisioning.guard.OutboundPolicy.builder()
                    .allowLoopback(true)
                    .allowPrivate(true)
                    .build(),
                io.storeplane.provisioning.guard.HostResolver.system()));
    try (Connection connection =
        new org.postgresql.Driver()
            .connect(
                target.jdbcUrl(),
                target.driverProperties(Duration.ofSeconds(3), Duration.ofSeconds(10)))) {
      assertThat(connection.isValid(2)).isTrue();
    } finally {
      io.storeplane.provisioning.guard.OutboundGuards.install(previous);
    }
  }
}
