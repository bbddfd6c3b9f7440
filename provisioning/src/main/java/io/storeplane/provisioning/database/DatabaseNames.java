package io.storeplane.provisioning.database;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Names the platform gives the databases and logins it creates, and the passwords of those logins.
 * Names use {@code [a-z0-9_]} only, start with {@code sp_}, are at most 32 characters (MySQL's user
 * name limit) and are validated again before they are quoted into DDL. Passwords are 32 characters
 * of {@code [A-Za-z0-9]} from {@link SecureRandom} (about 190 bits).
 */
public final class DatabaseNames {

  /** Every name the platform creates matches this. */
  public static final Pattern PLATFORM_NAME = Pattern.compile("sp_[a-z0-9_]{1,29}");

  private static final Pattern CUSTOMER_NAME = Pattern.compile("[A-Za-z0-9_$-]{1,64}");
  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final String ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final int MAX_SLUG_PART = 20;
  private static final SecureRandom RANDOM = new SecureRandom();

  private DatabaseNames() {}

  /** A new name for a store's database and login: {@code sp_<slug, - as _>_<6 random>}. */
  public static String forStore(String slug) {
    String part = slug.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    if (part.length() > MAX_SLUG_PART) {
      part = part.substring(0, MAX_SLUG_PART);
    }
    return requirePlatformName("sp_" + part + "_" + random(LOWER, 6));
  }

  /**
   * A new name for a warm-pool database and its login: {@code sp_pool_<12 random>}. A store that
   * claims the entry keeps it (MySQL and MariaDB cannot rename a database).
   */
  public static String forPoolEntry() {
    return requirePlatformName("sp_pool_" + random(LOWER, 12));
  }

  /** The template database of a managed PostgreSQL server at a client-schema version. */
  public static String template(int schemaVersion) {
    return requirePlatformName("sp_template_v" + schemaVersion);
  }

  /** A new high-entropy password. */
  public static String password() {
    return random(ALPHANUMERIC, 32);
  }

  /** Whether {@code name} is one the platform makes ({@link #PLATFORM_NAME}). */
  public static boolean isPlatformName(String name) {
    return name != null && PLATFORM_NAME.matcher(name).matches();
  }

  /** Checks a platform-made name before it goes into DDL. */
  public static String requirePlatformName(String name) {
    if (!isPlatformName(name)) {
      throw new IllegalArgumentException("Not a platform database name: " + name);
    }
    return name;
  }

  /** Checks a customer-given database name (same rule as the store API) before it is quoted. */
  public static String requireCustomerName(String name) {
    if (name == null || !CUSTOMER_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Not a valid database name: " + name);
    }
    return name;
  }

  /** {@code name} as a PostgreSQL identifier: {@code "name"}. */
  public static String pgIdentifier(String name) {
    return '"' + requireCustomerName(name) + '"';
  }

  /** {@code name} as a MySQL identifier: {@code `name`}. */
  public static String mysqlIdentifier(String name) {
    return '`' + requireCustomerName(name) + '`';
  }

  private static String random(String alphabet, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
