package io.storeplane.provisioning.supabase.rest;

import java.util.regex.Pattern;

/**
 * Table and column names the Data API layer accepts: ASCII letters, digits and underscores, not
 * starting with a digit, at most 63 characters (PostgreSQL's limit). Anything else is refused
 * before a request is built, so a name can never change the meaning of a query string.
 */
public final class PostgrestIdentifiers {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  private PostgrestIdentifiers() {}

  /**
   * Returns {@code name} if it is a valid identifier.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static String require(String name) {
    if (name == null || !IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Not a valid table or column name (letters, digits, underscore; max 63): " + name);
    }
    return name;
  }
}
