package io.storeplane.provisioning.connect;

import java.sql.SQLException;

/** Work done in one transaction of a store database. */
@FunctionalInterface
public interface SqlWork<T> {
  T run(SqlSession session) throws SQLException;
}
