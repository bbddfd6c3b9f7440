package io.storeplane.api;

import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import java.util.HashMap;
import java.util.Map;

/** The {@code database} object of a create-store request for an existing test database. */
public final class DatabaseOptions {

  private DatabaseOptions() {}

  /** Connects {@code db} ({@code postgresql} or {@code mysql}) with {@code password}; mutable. */
  public static Map<String, Object> existing(TestDatabase db, String password) {
    Map<String, Object> option = new HashMap<>();
    option.put("type", db.server().engine() == Engine.POSTGRESQL ? "postgresql" : "mysql");
    option.put("host", db.server().host());
    option.put("port", db.server().port());
    option.put("database", db.name());
    option.put("username", db.username());
    option.put("password", password);
    return option;
  }

  /** An existing PostgreSQL database nobody listens for (port 1): its job fails; mutable. */
  public static Map<String, Object> unreachable() {
    Map<String, Object> option = new HashMap<>();
    option.put("type", "postgresql");
    option.put("host", "127.0.0.1");
    option.put("port", 1);
    option.put("database", "nothing");
    option.put("username", "nobody");
    option.put("password", "x");
    return option;
  }
}
