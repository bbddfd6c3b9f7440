package io.storeplane.fleet.drift;

import io.storeplane.clientschema.Dialect;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A store's database against the expected schema of its version, as read at {@code checkedAt}.
 *
 * @param storeId the store
 * @param checkedAt when its catalog was read
 * @param dialect the dialect of its database
 * @param version the client schema version its own history records
 * @param differences every difference on the version's tables (empty: clean)
 * @param ownTables tables of the store's own, which the version does not name (never drift)
 */
public record SchemaDrift(
    UUID storeId,
    Instant checkedAt,
    Dialect dialect,
    int version,
    List<SchemaDifference> differences,
    List<String> ownTables) {

  public SchemaDrift {
    differences = List.copyOf(differences);
    ownTables = List.copyOf(ownTables);
  }

  /** Clean or drifted. */
  public DriftState state() {
    return differences.isEmpty() ? DriftState.CLEAN : DriftState.DRIFTED;
  }

  /** The differences a repair may create: missing indexes and tables. */
  public List<SchemaDifference> additive() {
    return differences.stream().filter(SchemaDifference::additive).toList();
  }
}
