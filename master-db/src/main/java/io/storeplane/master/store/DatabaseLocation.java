package io.storeplane.master.store;

import java.util.Map;
import java.util.UUID;

/**
 * Where a store's database lives, as shown on the store row; every part may be unknown (null).
 *
 * @param serverId the managed server it was placed on
 * @param host host name
 * @param port port
 * @param name database name (a Supabase project's reference)
 */
public record DatabaseLocation(UUID serverId, String host, Integer port, String name) {

  /** Nowhere: the store has no database. */
  public static final DatabaseLocation NOWHERE = new DatabaseLocation(null, null, null, null);

  /** Where the store's database lives now. */
  public static DatabaseLocation of(Store store) {
    return new DatabaseLocation(
        store.databaseServerId, store.databaseHost, store.databasePort, store.databaseName);
  }

  /** The same database on another server endpoint. */
  public DatabaseLocation onServer(UUID serverId, String host, Integer port) {
    return new DatabaseLocation(serverId, host, port, name);
  }

  /**
   * The endpoint and database a saved connection's settings name ({@code host}, {@code port},
   * {@code database}), on the same server.
   */
  public DatabaseLocation at(Map<String, Object> settings) {
    Object portSetting = settings.get("port");
    return new DatabaseLocation(
        serverId,
        (String) settings.get("host"),
        portSetting instanceof Number n ? n.intValue() : null,
        (String) settings.get("database"));
  }

  /** The same endpoint, another database. */
  public DatabaseLocation named(String name) {
    return new DatabaseLocation(serverId, host, port, name);
  }
}
