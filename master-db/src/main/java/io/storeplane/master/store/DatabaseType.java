package io.storeplane.master.store;

import io.storeplane.master.server.DatabaseEngine;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a store gets its database: created by the platform, or an existing one connected. */
public enum DatabaseType {
  MANAGED_POSTGRESQL(DatabaseEngine.POSTGRESQL, true),
  MANAGED_MYSQL(DatabaseEngine.MYSQL, true),
  POSTGRESQL(DatabaseEngine.POSTGRESQL, false),
  MYSQL(DatabaseEngine.MYSQL, false),
  SUPABASE(DatabaseEngine.POSTGRESQL, false);

  private final DatabaseEngine engine;
  private final boolean managed;

  DatabaseType(DatabaseEngine engine, boolean managed) {
    this.engine = engine;
    this.managed = managed;
  }

  public DatabaseEngine engine() {
    return engine;
  }

  /** Whether the platform creates (and may drop) the database itself. */
  public boolean managed() {
    return managed;
  }

  /** The name clients use, e.g. {@code managed-postgresql}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<DatabaseType> fromWireName(String wireName) {
    return Arrays.stream(values()).filter(t -> t.wireName().equals(wireName)).findFirst();
  }
}
