package io.storeplane.master.store;

import io.storeplane.master.integration.IntegrationSecrets;
import java.util.Map;

/**
 * How to reach a database the merchant already has, as given at registration.
 *
 * @param provider {@code postgresql}, {@code mysql} or {@code supabase}
 * @param settings non-secret settings (host, port, database, username, ssl, project URL)
 * @param secrets passwords and keys, sealed before they are stored
 */
public record StoreConnection(
    String provider, Map<String, Object> settings, IntegrationSecrets secrets) {}
