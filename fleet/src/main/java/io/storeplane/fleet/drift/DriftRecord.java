package io.storeplane.fleet.drift;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The last check of one store's schema, as the master keeps it.
 *
 * @param storeId the store
 * @param storeSlug its slug
 * @param checkedAt when it was checked
 * @param version the version its history recorded (null when unreachable)
 * @param state clean, drifted or unreachable
 * @param differences what differed (empty unless drifted)
 * @param ownTables the store's own tables
 * @param errorCode why it could not be checked (problem code), or null
 * @param errorDetail the failure's detail, or null
 */
public record DriftRecord(
    UUID storeId,
    String storeSlug,
    Instant checkedAt,
    Integer version,
    DriftState state,
    List<SchemaDifference> differences,
    List<String> ownTables,
    String errorCode,
    String errorDetail) {

  public DriftRecord {
    differences = List.copyOf(differences);
    ownTables = List.copyOf(ownTables);
  }
}
