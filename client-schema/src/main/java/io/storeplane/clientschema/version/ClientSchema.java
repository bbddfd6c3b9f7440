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

/**
 * The store database schema as the rest of Storeplane sees it: its current version, where each
 * dialect's Flyway migrations live, the history table Flyway keeps in a store database, and the
 * manifest of required tables per version.
 */
public final class ClientSchema {

  /** The newest schema version; bump it with every new migration pair and manifest. */
  private static final int CURRENT_VERSION = 3;

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
