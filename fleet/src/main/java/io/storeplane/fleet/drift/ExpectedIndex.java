package io.storeplane.fleet.drift;

import java.util.List;

/**
 * A plain (B-tree, non-unique) index a client schema version's migrations create, as read from the
 * migration's own SQL.
 *
 * @param table the table it is on
 * @param name its name, the same in both dialects
 * @param columns its columns in key order
 * @param ddl the statement that creates it alone, in the store's dialect, taken from the migration
 *     (PostgreSQL: the migration's own {@code CREATE INDEX}; MySQL: {@code ALTER TABLE ... ADD
 *     INDEX} with the migration's column list)
 */
public record ExpectedIndex(String table, String name, List<String> columns, String ddl) {

  public ExpectedIndex {
    columns = List.copyOf(columns);
  }
}
