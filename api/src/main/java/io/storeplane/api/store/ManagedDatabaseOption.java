package io.storeplane.api.store;

/**
 * The platform creates the store's database on one of its managed servers.
 *
 * @param type {@code managed-postgresql} or {@code managed-mysql}
 */
public record ManagedDatabaseOption(String type) implements DatabaseOption {}
