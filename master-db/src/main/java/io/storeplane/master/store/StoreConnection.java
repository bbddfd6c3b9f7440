package io.storeplane.master.store;

import io.storeplane.master.integration.IntegrationSecrets;
import io.storeplane.master.secret.SecretString;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach a database the merchant already has, as given at registration.
 *
 * @param provider {@code postgresql}, {@code mysql} or {@code supabase}
 * @param settings non-secret settings (host, port, database, username, ssl, project URL)
 * @param secrets passwords and keys, sealed before they are stored
 */
public record StoreConnection(
    String provider, Map<String, Object> settings, IntegrationSecrets secrets) {

  /**
   * An existing PostgreSQL or MySQL database reached with a login: the one shape of its settings
   * for every caller (the REST API's option, the console's form), the password among the secrets.
   */
  public static StoreConnection existing(
      DatabaseType type,
      String host,
      int port,
      String database,
      String username,
      SecretString password,
      boolean ssl) {
    if (type.managed() || type == DatabaseType.SUPABASE) {
      throw new IllegalArgumentException("Not an existing database's type: " + type);
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("host", host);
    settings.put("port", port);
    settings.put("database", database);
    settings.put("username", username);
    settings.put("ssl", ssl);
    return new StoreConnection(
        type.wireName(), settings, IntegrationSecrets.of(Map.of("password", password)));
  }

  /** A Supabase project the provisioning job creates, in {@code region} or the default one. */
  public static StoreConnection newSupabaseProject(Optional<String> region) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("create", true);
    region.ifPresent(r -> settings.put("region", r));
    return new StoreConnection(
        DatabaseType.SUPABASE.wireName(), settings, IntegrationSecrets.none());
  }
}
