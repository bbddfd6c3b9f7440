package io.storeplane.clientschema.catalog;

import java.util.List;

/**
 * A non-unique index.
 *
 * @param name the index name
 * @param columns the indexed columns in key order; an expression shows as {@code (expression)}
 * @param method the access method in lower case: {@code btree} for plain indexes, {@code gin},
 *     {@code fulltext}, ... for text search
 */
public record CatalogIndex(String name, List<String> columns, String method) {

  /** The method of a plain index in both engines. */
  public static final String BTREE = "btree";

  public CatalogIndex {
    columns = List.copyOf(columns);
  }

  /** Whether this is a plain B-tree index (the kind both dialects must have alike). */
  public boolean isPlain() {
    return BTREE.equals(method);
  }

  @Override
  public String toString() {
    return name + " " + method + " (" + String.join(", ", columns) + ")";
  }
}
