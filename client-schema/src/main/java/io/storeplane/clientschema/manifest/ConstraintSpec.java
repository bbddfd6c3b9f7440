package io.storeplane.clientschema.manifest;

import java.util.List;
import java.util.Objects;

/**
 * A named rule of a table the schema declares: its primary key, a unique key, a foreign key or a
 * CHECK. Both dialects give it the same name, so a database's report of a broken constraint can be
 * turned into the columns (the store data API's field names) it is about.
 *
 * @param table the table that declares it
 * @param name its name in both dialects (MySQL calls every primary key {@code PRIMARY})
 * @param kind what kind of rule it is
 * @param columns the columns it is about, in key order (for a CHECK, the columns its expression
 *     reads, in table order)
 * @param referencedTable the table a foreign key references, otherwise null
 */
public record ConstraintSpec(
    String table, String name, Kind kind, List<String> columns, String referencedTable) {

  /** The kinds of constraint a manifest lists. */
  public enum Kind {
    PRIMARY,
    UNIQUE,
    FOREIGN,
    CHECK
  }

  public ConstraintSpec {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    columns = List.copyOf(columns);
    if ((kind == Kind.FOREIGN) != (referencedTable != null)) {
      throw new IllegalArgumentException("only a foreign key references a table: " + name);
    }
  }
}
