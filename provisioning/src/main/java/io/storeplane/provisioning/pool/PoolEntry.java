package io.storeplane.provisioning.pool;

import io.storeplane.master.secret.SecretString;
import io.storeplane.master.server.DatabaseServer;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.provisioning.server.DatabaseServerService;
import java.util.Objects;
import java.util.UUID;

/**
 * A warm-pool database as a claim hands it over: its name, its login (the same name, so suspension
 * and purge find the login by the store's database name) and the login's password, opened in memory
 * only.
 *
 * @param id the entry's row
 * @param serverId the managed server it lives on
 * @param database the database (MySQL: schema)
 * @param login the login that owns it
 * @param password the login's password
 * @param schemaVersion the client-schema version it is at
 */
public record PoolEntry(
    UUID id,
    UUID serverId,
    String database,
    String login,
    SecretString password,
    int schemaVersion) {

  public PoolEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(serverId, "serverId");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(login, "login");
    Objects.requireNonNull(password, "password");
  }

  /** The entry's own login into its database on {@code server}, guarded unless a default. */
  public DatabaseLogin login(DatabaseServer server) {
    return new DatabaseLogin(
        server.engine,
        server.host,
        server.port,
        database,
        login,
        password,
        false,
        DatabaseServerService.guarded(server));
  }

  @Override
  public String toString() {
    return "PoolEntry[%s on %s, login %s, v%d]".formatted(database, serverId, login, schemaVersion);
  }
}
