package io.storeplane.master.secret;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a secret lives in the master database: table, row id and column. Its {@link
 * #associatedData()}, {@code <table>:<rowId>:<column>}, is what the secret is authenticated with,
 * so a ciphertext copied to another row or column does not decrypt. Use this type rather than
 * building the string by hand so every caller spells it the same way.
 *
 * @param table the table, e.g. {@code integration_configs}
 * @param rowId the row's primary key as text, e.g. a UUID or number
 * @param column the column, e.g. {@code password}
 */
public record SecretLocation(String table, String rowId, String column) {

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  /** Validates the parts: table and column are lower-case SQL identifiers, row id has no colon. */
  public SecretLocation {
    requireIdentifier("table", table);
    requireIdentifier("column", column);
    Objects.requireNonNull(rowId, "rowId");
    if (rowId.isBlank() || rowId.indexOf(':') >= 0) {
      throw new IllegalArgumentException("rowId must be non-blank and contain no ':'");
    }
  }

  /** A location for {@code table}, row {@code rowId} (any value, rendered with toString). */
  public static SecretLocation of(String table, Object rowId, String column) {
    return new SecretLocation(
        table, String.valueOf(Objects.requireNonNull(rowId, "rowId")), column);
  }

  /** The associated data: {@code <table>:<rowId>:<column>}. */
  public String associatedData() {
    return table + ":" + rowId + ":" + column;
  }

  private static void requireIdentifier(String what, String value) {
    if (value == null || !IDENTIFIER.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " must match " + IDENTIFIER + ": " + value);
    }
  }
}
