package io.storeplane.clientschema.version;

import io.storeplane.clientschema.ClientSchemaError;
import io.storeplane.clientschema.ClientSchemaException;
import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.manifest.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.zip.CRC32;

/**
 * The store database schema as the rest of Storeplane sees it: its current version, where each
 * dialect's Flyway migrations live, the history table Flyway keeps in a store database, and the
 * manifest of required tables per version.
 */
public final class ClientSchema {

  /** The newest schema version; bump it with every new migration pair and manifest. */
  private static final int CURRENT_VERSION = 4;

  /**
   * Each version's migration file name, the same in both dialects (V1 first); {@code
   * ClientSchemaTest} checks it against the files.
   */
  private static final List<String> SCRIPTS =
      List.of(
          "V1__base_store_schema.sql",
          "V2__product_reviews.sql",
          "V3__product_deletions.sql",
          "V4__store_analytics.sql");

  private static final Map<String, Integer> CHECKSUMS = new ConcurrentHashMap<>();

  private static final String HISTORY_TABLE = "storeplane_schema_history";
  private static final String MANIFEST_RESOURCE = "db/client/manifest/v%d.manifest";
  private static final Map<Integer, Manifest> MANIFESTS = new ConcurrentHashMap<>();

  private ClientSchema() {}

  /** The newest schema version this build migrates to. */
  public static int currentVersion() {
    return CURRENT_VERSION;
  }

  /** Every schema version, oldest first: 1 to {@link #currentVersion()}. */
  public static List<Integer> versions() {
    return IntStream.rangeClosed(1, CURRENT_VERSION).boxed().toList();
  }

  /**
   * The Flyway locations of {@code dialect}'s migrations, e.g. {@code classpath:db/client/mysql}.
   */
  public static List<String> locations(Dialect dialect) {
    return List.of("classpath:db/client/" + dialect.directory());
  }

  /**
   * The name of Flyway's history table in a store database. It is not Flyway's default so that a
   * customer's own {@code flyway_schema_history} is never read or written.
   */
  public static String historyTable() {
    return HISTORY_TABLE;
  }

  /**
   * The migration file of {@code version}, e.g. {@code V2__product_reviews.sql} (same name in both
   * dialects).
   */
  public static String script(int version) {
    requireKnown(version);
    return SCRIPTS.get(version - 1);
  }

  /**
   * The checksum Flyway records for {@code dialect}'s migration of {@code version}: the one the
   * store's history holds once it ran, and the one the platform's schema-version ledger records.
   */
  public static int checksum(Dialect dialect, int version) {
    String resource =
        locations(dialect).get(0).substring("classpath:".length()) + "/" + script(version);
    return CHECKSUMS.computeIfAbsent(resource, ClientSchema::checksumOfResource);
  }

  /**
   * Flyway's checksum of a migration's text: CRC32 over the UTF-8 bytes of every line without its
   * line break, a leading byte-order mark removed.
   */
  public static int checksumOf(String text) {
    CRC32 crc = new CRC32();
    String[] lines = text.split("\r\n|\r|\n", -1);
    int count = lines.length;
    if (count > 0 && lines[count - 1].isEmpty()) {
      count--; // a final line break ends the last line; it starts none
    }
    for (int i = 0; i < count; i++) {
      String line = i == 0 && lines[0].startsWith("\uFEFF") ? lines[0].substring(1) : lines[i];
      crc.update(line.getBytes(StandardCharsets.UTF_8));
    }
    return (int) crc.getValue();
  }

  private static int checksumOfResource(String resource) {
    try (InputStream in = ClientSchema.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new ClientSchemaException(
            ClientSchemaError.MIGRATION_FAILED, "Migration resource " + resource + " is missing");
      }
      return checksumOf(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ClientSchemaException(
          ClientSchemaError.MIGRATION_FAILED, "Could not read migration " + resource, e);
    }
  }

  /** The manifest of the current version. */
  public static Manifest manifest() {
    return manifest(CURRENT_VERSION);
  }

  /**
   * The manifest of {@code version}.
   *
   * @throws ClientSchemaException {@link ClientSchemaError#UNKNOWN_SCHEMA_VERSION} for a version
   *     outside 1 to {@link #currentVersion()}
   */
  public static Manifest manifest(int version) {
    requireKnown(version);
    return MANIFESTS.computeIfAbsent(version, ClientSchema::loadManifest);
  }

  /**
   * Checks that {@code version} exists.
   *
   * @throws ClientSchemaException {@link ClientSchemaError#UNKNOWN_SCHEMA_VERSION} when it does not
   */
  public static void requireKnown(int version) {
    if (version < 1 || version > CURRENT_VERSION) {
      throw new ClientSchemaException(
          ClientSchemaError.UNKNOWN_SCHEMA_VERSION,
          "Client schema version %d does not exist; versions are 1 to %d"
              .formatted(version, CURRENT_VERSION));
    }
  }

  private static Manifest loadManifest(int version) {
    String resource = MANIFEST_RESOURCE.formatted(version);
    try (InputStream in = ClientSchema.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new ClientSchemaException(
            ClientSchemaError.MANIFEST_INVALID, "Manifest resource " + resource + " is missing");
      }
      Manifest manifest =
          Manifest.parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      if (manifest.version() != version) {
        throw new ClientSchemaException(
            ClientSchemaError.MANIFEST_INVALID,
            "%s says version %d, expected %d".formatted(resource, manifest.version(), version));
      }
      return manifest;
    } catch (IOException e) {
      throw new ClientSchemaException(
          ClientSchemaError.MANIFEST_INVALID, "Could not read manifest resource " + resource, e);
    }
  }
}
