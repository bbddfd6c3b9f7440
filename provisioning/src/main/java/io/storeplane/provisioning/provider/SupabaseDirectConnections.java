package io.storeplane.provisioning.provider;

import io.storeplane.master.secret.SecretString;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.provisioning.database.DatabaseLogin;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where "Connect Existing" with a database password reaches a project's Postgres: the direct
 * connection {@code db.<ref>.supabase.co:5432}, database and user {@code postgres}, TLS, through
 * the outbound guard (reference §3; IPv6 only unless the project has the IPv4 add-on). A bean so
 * tests can point it at the Supabase double's database.
 */
@ApplicationScoped
public class SupabaseDirectConnections {

  /** The project's database as {@code postgres} with the merchant's password. */
  public DatabaseLogin of(String ref, SecretString password) {
    return new DatabaseLogin(
        DatabaseEngine.POSTGRESQL,
        "db." + ref + ".supabase.co",
        5432,
        "postgres",
        "postgres",
        password,
        true,
        true);
  }
}
