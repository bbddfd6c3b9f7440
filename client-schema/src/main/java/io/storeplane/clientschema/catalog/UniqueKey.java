package io.storeplane.clientschema.catalog;

import java.util.List;

/**
 * A unique constraint or unique index other than the primary key.
 *
 * @param name its name (index name in MySQL, constraint or index name in PostgreSQL)
 * @param columns its columns in key order
 */
public record UniqueKey(String name, List<String> columns) {

  public UniqueKey {
    columns = List.copyOf(columns);
  }

  @Override
  public String toString() {
    return name + " UNIQUE (" + String.join(", ", columns) + ")";
  }
}
