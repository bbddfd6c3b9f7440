package io.storeplane.api.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import io.storeplane.api.JobPolling;
import io.storeplane.api.TestCallers;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import io.storeplane.testing.process.AppProcess;
import java.util.Map;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * A store on an existing PostgreSQL database of its own, onboarded through the API and reached
 * through a TCP proxy the test can stop ({@link #goDown()}): the database going away for the
 * control plane while it still runs. {@link #close()} stops the proxy and drops the database.
 */
public final class ProxiedStore implements AutoCloseable {

  private final TestDatabase database;
  private final NioReactor reactor;
  private final TcpCrusher proxy;
  private final String id;

  /**
   * @param slug the store's slug, also the prefix of its database's name
   */
  public ProxiedStore(String slug) throws Exception {
    database = TestDatabases.postgres().createDatabase(slug);
    reactor = new NioReactor();
    proxy =
        TcpCrusherBuilder.builder()
            .withReactor(reactor)
            .withBindAddress("127.0.0.1", AppProcess.freePort())
            .withConnectAddress(database.server().host(), database.server().port())
            .buildAndOpen();
    JsonPath created =
        TestCallers.newStore(
            "Down store",
            slug,
            Map.of(
                "type",
                "postgresql",
                "host",
                "127.0.0.1",
                "port",
                proxy.getBindAddress().getPort(),
                "database",
                database.name(),
                "username",
                database.username(),
                "password",
                "unused-with-trust"));
    JsonPath ended = JobPolling.awaitEnd(created.getString("provisioningJobId"), s -> {});
    assertThat(ended.getString("status")).as(ended.prettify()).isEqualTo("succeeded");
    id = created.getString("id");
  }

  /** The store's id. */
  public String id() {
    return id;
  }

  /** Closes the proxy's listener and every connection through it: the database went away. */
  public void goDown() {
    proxy.close();
  }

  @Override
  public void close() {
    proxy.close();
    reactor.close();
    database.close();
  }
}
