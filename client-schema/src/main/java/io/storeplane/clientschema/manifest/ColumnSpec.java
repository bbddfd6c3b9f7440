package io.storeplane.clientschema.manifest;

import io.storeplane.clientschema.TypeKind;
import io.storeplane.clientschema.catalog.CatalogColumn;
import java.util.Objects;

/**
 * A column the schema needs.
 *
 * @param name the column name
 * @param kind its dialect-neutral type kind
 * @param nullable whether it accepts NULL
 */
public record ColumnSpec(String name, TypeKind kind, boolean nullable) {

  public ColumnSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
  }

  /** Whether {@code column} has this kind and nullability (its name is matched by the caller). */
  public boolean matches(CatalogColumn column) {
    return column.kind() == kind && column.nullable() == nullable;
  }

  /** Kind and nullability, e.g. {@code UUID NOT NULL}. */
  public String describe() {
    return kind + (nullable ? " NULL" : " NOT NULL");
  }
}
