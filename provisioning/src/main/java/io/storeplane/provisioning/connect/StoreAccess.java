package io.storeplane.provisioning.connect;

import io.storeplane.provisioning.ErrorCode;
import java.util.Objects;

/** How a store's data is reached, or why it cannot be. */
public sealed interface StoreAccess {

  /** A PostgreSQL or MySQL/MariaDB database reached over JDBC through a pool. */
  record Jdbc(JdbcTarget target) implements StoreAccess {
    public Jdbc {
      Objects.requireNonNull(target, "target");
    }
  }

  /**
   * The store cannot be reached now, for a reason known without connecting: suspended, not
   * connected yet, or a backend without an adapter. Cached like any route, so refusing it never
   * queries the master database.
   */
  record Refused(ErrorCode code, String reason) implements StoreAccess {
    public Refused {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
