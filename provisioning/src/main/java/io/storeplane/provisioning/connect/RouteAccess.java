package io.storeplane.provisioning.connect;

import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.database.DatabaseLogin;
import java.util.Objects;

/** How a store's data is reached (JDBC or the Data API), or why it cannot be. */
public sealed interface RouteAccess {

  /** A PostgreSQL or MySQL/MariaDB database reached over JDBC through a pool. */
  record Jdbc(DatabaseLogin target) implements RouteAccess {
    public Jdbc {
      Objects.requireNonNull(target, "target");
    }
  }

  /** A Supabase store, whose data is served by its project's Data API (PostgREST) over HTTPS. */
  record Rest(PostgrestTarget target) implements RouteAccess {
    public Rest {
      Objects.requireNonNull(target, "target");
    }
  }

  /**
   * The store cannot be reached now, for a reason known without connecting: suspended, or not
   * connected yet. Cached like any route, so refusing it never queries the master database.
   */
  record Refused(ProvisioningError code, String reason) implements RouteAccess {
    public Refused {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
