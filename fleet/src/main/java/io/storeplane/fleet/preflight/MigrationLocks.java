package io.storeplane.fleet.preflight;

import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.migrate.MigrationScript;
import io.storeplane.clientschema.version.ClientSchema;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables a version's migration locks, read from its own SQL in the store's dialect: those it
 * alters, writes ({@code UPDATE}, {@code INSERT}, {@code DELETE}), indexes, puts a trigger on, or
 * references from a new foreign key (PostgreSQL takes a SHARE ROW EXCLUSIVE lock on the referenced
 * table, MySQL a metadata lock). Tables the version creates are new and empty; the caller keeps the
 * ones that exist before the run.
 */
final class MigrationLocks {

  private static final Map<String, Set<String>> CACHE = new ConcurrentHashMap<>();

  private static final String NAME = "[`\"]?(\\w+)[`\"]?";

  private static final Pattern WRITTEN =
      Pattern.compile(
          "(?is)^(?:ALTER\\s+TABLE(?:\\s+IF\\s+EXISTS)?(?:\\s+ONLY)?|UPDATE(?:\\s+ONLY)?"
              + "|INSERT\\s+INTO|DELETE\\s+FROM|TRUNCATE(?:\\s+TABLE)?|LOCK\\s+TABLES?"
              + "|DROP\\s+TABLE(?:\\s+IF\\s+EXISTS)?)\\s+"
              + NAME
              + ".*");
  private static final Pattern INDEXED =
      Pattern.compile(
          "(?is)^CREATE\\s+(?:UNIQUE\\s+|FULLTEXT\\s+)?INDEX\\s.*?\\bON\\s+(?:ONLY\\s+)?"
              + NAME
              + ".*");
  private static final Pattern TRIGGERED =
      Pattern.compile(
          "(?is)^CREATE\\s+(?:OR\\s+REPLACE\\s+)?TRIGGER\\s.*?\\bON\\s+" + NAME + "\\s.*");
  private static final Pattern DEFINES = Pattern.compile("(?is)^(?:CREATE|ALTER)\\s+TABLE\\s.*");
  private static final Pattern REFERENCES = Pattern.compile("(?i)\\bREFERENCES\\s+" + NAME);

  private MigrationLocks() {}

  /** The lower-case names of the tables {@code version}'s migration in {@code dialect} locks. */
  static Set<String> of(Dialect dialect, int version) {
    return CACHE.computeIfAbsent(dialect + ":" + version, k -> read(dialect, version));
  }

  private static Set<String> read(Dialect dialect, int version) {
    Set<String> tables = new TreeSet<>();
    for (String statement :
        MigrationScript.load(dialect, ClientSchema.script(version)).statements()) {
      for (Pattern pattern : new Pattern[] {WRITTEN, INDEXED, TRIGGERED}) {
        Matcher matcher = pattern.matcher(statement);
        if (matcher.matches()) {
          tables.add(matcher.group(1).toLowerCase(Locale.ROOT));
        }
      }
      if (DEFINES.matcher(statement).matches()) {
        Matcher reference = REFERENCES.matcher(statement);
        while (reference.find()) {
          tables.add(reference.group(1).toLowerCase(Locale.ROOT));
        }
      }
    }
    return Set.copyOf(tables);
  }
}
