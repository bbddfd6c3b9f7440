package io.storeplane.clientschema.manifest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table the schema needs, with its columns in declaration order.
 *
 * @param name the table name
 * @param columns its columns
 */
public record TableSpec(String name, List<ColumnSpec> columns) {

  public TableSpec {
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
  }

  /** The column named {@code columnName}, if the table has it. */
  public Optional<ColumnSpec> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }
}
