package io.storeplane.provisioning.connect.table;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on one borrowed connection. */
@FunctionalInterface
public interface ConnectionWork<T> {
  T run(Connection connection) throws SQLException;
}
