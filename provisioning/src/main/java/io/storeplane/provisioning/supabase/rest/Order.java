package io.storeplane.provisioning.supabase.rest;

import java.util.Optional;

/**
 * One term of {@code order=}: a column, its direction and optionally where nulls go.
 *
 * @param column the column, validated by {@link PostgrestIdentifiers}
 * @param ascending ascending or descending
 * @param nullsFirst empty for the database default, else nulls first or last
 */
public record Order(String column, boolean ascending, Optional<Boolean> nullsFirst) {

  public Order {
    PostgrestIdentifiers.require(column);
  }

  /** Ascending by {@code column}. */
  public static Order asc(String column) {
    return new Order(column, true, Optional.empty());
  }

  /** Descending by {@code column}. */
  public static Order desc(String column) {
    return new Order(column, false, Optional.empty());
  }

  /** This order with nulls first ({@code true}) or last. */
  public Order nullsFirst(boolean first) {
    return new Order(column, ascending, Optional.of(first));
  }

  /** The term as PostgREST spells it, e.g. {@code price.desc.nullslast}. */
  public String term() {
    return column
        + (ascending ? ".asc" : ".desc")
        + nullsFirst.map(first -> first ? ".nullsfirst" : ".nullslast").orElse("");
  }
}
