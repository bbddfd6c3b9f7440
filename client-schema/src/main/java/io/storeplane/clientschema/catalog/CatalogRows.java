package io.storeplane.clientschema.catalog;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * A read-only way to run SQL on a PostgreSQL database, for {@link
 * CatalogInspector#inspectPostgresql(CatalogRows)}: JDBC, or an HTTP channel such as Supabase's
 * run-SQL endpoint. The catalog reader's queries return only text, integers and booleans (never
 * arrays), each column under an explicit label, so every channel that can carry JSON rows gives the
 * reader the same facts.
 */
@FunctionalInterface
public interface CatalogRows {

  /**
   * Runs one read-only query.
   *
   * @return its rows in order, column label to value: text as {@link String}; integers as a {@link
   *     Number} or their decimal text; booleans as a {@link Boolean} or {@code t}/{@code f}/{@code
   *     true}/{@code false}
   * @throws SQLException when a JDBC channel fails (other channels throw their own runtime
   *     exceptions, which reach the caller unchanged)
   */
  List<Map<String, Object>> query(String sql) throws SQLException;
}
