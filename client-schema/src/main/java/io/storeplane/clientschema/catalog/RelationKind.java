package io.storeplane.clientschema.catalog;

/** What kind of relation a catalog entry is. */
public enum RelationKind {
  /** A plain (or partitioned) table. */
  TABLE,
  /** A view, materialized view or foreign table: something that is not a table of ours. */
  VIEW
}
