package io.storeplane.clientschema.catalog;

import java.util.List;

/**
 * A foreign key.
 *
 * @param name the constraint name
 * @param columns the referencing columns in key order
 * @param referencedTable the referenced table
 * @param referencedColumns the referenced columns in key order
 * @param onDelete the delete rule: {@code CASCADE}, {@code SET NULL}, {@code SET DEFAULT} or {@code
 *     RESTRICT} (NO ACTION is reported as RESTRICT: the engines treat them alike for non-deferred
 *     constraints)
 */
public record ForeignKey(
    String name,
    List<String> columns,
    String referencedTable,
    List<String> referencedColumns,
    String onDelete) {

  public ForeignKey {
    columns = List.copyOf(columns);
    referencedColumns = List.copyOf(referencedColumns);
    onDelete = "NO ACTION".equals(onDelete) ? "RESTRICT" : onDelete;
  }

  @Override
  public String toString() {
    return "%s (%s) REFERENCES %s (%s) ON DELETE %s"
        .formatted(
            name,
            String.join(", ", columns),
            referencedTable,
            String.join(", ", referencedColumns),
            onDelete);
  }
}
