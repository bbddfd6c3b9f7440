package io.storeplane.clientschema.manifest;

import java.util.List;

/**
 * A relation already in the database that has the name of a table the schema needs but not its
 * shape, so migrating would fail or build on the wrong table.
 *
 * @param table the table name
 * @param differences what differs, one line each, e.g. {@code missing column slug (STRING NOT
 *     NULL)}, {@code column price is STRING NULL, needs DECIMAL NOT NULL}
 */
public record Clash(String table, List<String> differences) {

  public Clash {
    differences = List.copyOf(differences);
  }

  /**
   * The one report of clashes every channel gives (JDBC, Supabase run-SQL, the migrator's own
   * guard), so a clash reads the same wherever it was found: how many tables, that nothing was
   * changed, then each clash's {@link #message()}.
   */
  public static String report(List<Clash> clashes) {
    return "%d table(s) the store schema needs already exist in another shape; nothing was changed: "
            .formatted(clashes.size())
        + String.join(" | ", clashes.stream().map(Clash::message).toList());
  }

  /** One line for a job's message: the table and everything that differs. */
  public String message() {
    return "table "
        + table
        + " already exists with another shape: "
        + String.join("; ", differences);
  }
}
