package io.storeplane.provisioning.supabase.rest;

import java.util.Optional;

/**
 * One term of {@code order=}: a column, its direction and optionally where nulls go.
 *
 * @param column the column, validated by {@link PostgrestIdentifiers}
 * @param ascending ascending or descending
 * @param nullsFirst empty for the database default, else nulls first or last
 */
public record PostgrestOrder(String column, boolean ascending, Optional<Boolean> nullsFirst) {

  public PostgrestOrder {
    PostgrestIdentifiers.require(column);
  }

  /** Ascending by {@code column}. */
  public static PostgrestOrder asc(String column) {
    return new PostgrestOrder(column, true, Optional.empty());
  }

  /** Descending by {@code column}. */
  public static PostgrestOrder desc(String column) {
    return new PostgrestOrder(column, false, Optional.empty());
  }

  /** This order with nulls first ({@code true}) or last. */
  public PostgrestOrder nullsFirst(boolean first) {
    return new PostgrestOrder(column, ascending, Optional.of(first));
  }

  /** The term as PostgREST spells it, e.g. {@code price.desc.nullslast}. */
  public String term() {
    return column
        + (ascending ? ".asc" : ".desc")
        + nullsFirst.map(first -> first ? ".nullsfirst" : ".nullslast").orElse("");
  }
}
