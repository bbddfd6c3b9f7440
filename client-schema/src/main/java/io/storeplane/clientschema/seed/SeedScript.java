package io.storeplane.clientschema.seed;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The PostgreSQL seed as one SQL script with literal values, for channels that cannot bind
 * parameters (Supabase's run-SQL endpoint). The rows and natural keys are those of {@link
 * ClientSeeder}; the script inserts each row only if its natural key is absent, in one statement
 * (data-modifying CTEs), and its single result row has the column {@code inserted}: how many rows
 * were inserted.
 *
 * <p>Values are written by {@link #literal(Object)} only: text as a standard-conforming string
 * literal with every quote doubled (the script first sets {@code standard_conforming_strings} so
 * backslashes are never escapes), UUIDs as {@code '...'::uuid} from their canonical form, integers
 * and booleans from their Java value. Table and column names are constants of this package.
 */
public final class SeedScript {

  /** The name of the result column. */
  public static final String INSERTED = "inserted";

  private SeedScript() {}

  /** The PostgreSQL script seeding a migrated store database with {@code values}. */
  public static String postgresql(SeedValues values) {
    Objects.requireNonNull(values, "values");
    List<SeedRow> rows = StoreSeed.rows(values);
    StringBuilder sql = new StringBuilder("SET LOCAL standard_conforming_strings = on;\nWITH ");
    List<String> counts = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      SeedRow row = rows.get(i);
      String name = "s" + i;
      if (i > 0) {
        sql.append(",\n");
      }
      String columns = String.join(", ", row.values().keySet());
      String literals =
          String.join(", ", row.values().values().stream().map(SeedScript::literal).toList());
      String key =
          String.join(
              " AND ",
              row.naturalKey().stream()
                  .map(c -> c + " = " + literal(row.values().get(c)))
                  .toList());
      sql.append(name)
          .append(" AS (INSERT INTO ")
          .append(row.table())
          .append(" (")
          .append(columns)
          .append(") SELECT ")
          .append(literals)
          .append(" WHERE NOT EXISTS (SELECT 1 FROM ")
          .append(row.table())
          .append(" WHERE ")
          .append(key)
          .append(") RETURNING 1)");
      counts.add("(SELECT count(*) FROM " + name + ")");
    }
    sql.append("\nSELECT ").append(String.join(" + ", counts)).append(" AS ").append(INSERTED);
    return sql.toString();
  }

  /**
   * A PostgreSQL literal for a seed value (with {@code standard_conforming_strings} on).
   *
   * @throws IllegalArgumentException for a text containing NUL (PostgreSQL text cannot hold it) or
   *     a value of another type
   */
  public static String literal(Object value) {
    if (value instanceof String text) {
      if (text.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("A seed text cannot contain NUL");
      }
      return "'" + text.replace("'", "''") + "'";
    }
    if (value instanceof UUID uuid) {
      return "'" + uuid + "'::uuid";
    }
    if (value instanceof Integer number) {
      return number.toString();
    }
    if (value instanceof Boolean flag) {
      return flag ? "TRUE" : "FALSE";
    }
    throw new IllegalArgumentException(
        "No literal for seed value of " + (value == null ? "null" : value.getClass()));
  }
}
