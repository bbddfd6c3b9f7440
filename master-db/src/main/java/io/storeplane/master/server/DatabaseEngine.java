package io.storeplane.master.server;

/** The engines a store database can run on. Supabase stores run PostgreSQL. */
public enum DatabaseEngine {
  POSTGRESQL,
  MYSQL
}
