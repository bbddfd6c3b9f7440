package io.storeplane.clientschema.manifest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table the schema needs, with its columns in declaration order and its named constraints.
 *
 * @param name the table name
 * @param columns its columns
 * @param constraints its primary key, unique keys, foreign keys and CHECKs
 */
public record TableSpec(String name, List<ColumnSpec> columns, List<ConstraintSpec> constraints) {

  public TableSpec {
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
    constraints = List.copyOf(constraints);
  }

  /** A table without named constraints. */
  public TableSpec(String name, List<ColumnSpec> columns) {
    this(name, columns, List.of());
  }

  /** Its constraints of one kind, in manifest order. */
  public List<ConstraintSpec> constraints(ConstraintSpec.Kind kind) {
    return constraints.stream().filter(c -> c.kind() == kind).toList();
  }

  /** The column named {@code columnName}, if the table has it. */
  public Optional<ColumnSpec> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }
}
