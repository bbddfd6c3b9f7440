package io.storeplane.fleet.drift;

import io.storeplane.error.ErrorKind;
import io.storeplane.error.StoreplaneException;
import io.storeplane.fleet.FleetError;
import io.storeplane.fleet.FleetException;
import io.storeplane.fleet.drift.StoreSchemaReader.StoreSchema;
import io.storeplane.fleet.drift.StoreSchemaReader.StoreTarget;
import io.storeplane.master.schema.StoreSchemaLock;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Checks a store's database against the expected schema of the version its own history records, and
 * keeps the last result per store ({@link DriftRecords}).
 */
@ApplicationScoped
public class DriftService {

  private final StoreSchemaReader reader;
  private final DriftRecords records;
  private final DriftMetrics metrics;
  private final StoreSchemaLock schemaLock;
  private final Clock clock;

  DriftService(
      StoreSchemaReader reader,
      DriftRecords records,
      DriftMetrics metrics,
      StoreSchemaLock schemaLock,
      Clock clock) {
    this.reader = reader;
    this.records = records;
    this.metrics = metrics;
    this.schemaLock = schemaLock;
    this.clock = clock;
  }

  /**
   * Checks {@code storeId} now and records the result; a store that cannot be reached is recorded
   * as unreachable and the failure thrown.
   *
   * @throws io.storeplane.master.MasterDataException {@code store-not-found}
   * @throws io.storeplane.fleet.FleetException {@code store-schema-unknown}, {@code
   *     store-schema-unreadable}
   * @throws io.storeplane.provisioning.ProvisioningException {@code store-has-no-database}, {@code
   *     store-database-unavailable} and the other failures of reaching the store
   */
  public SchemaDrift check(UUID storeId) {
    StoreTarget target = reader.target(storeId);
    Instant now = clock.instant();
    StoreSchema schema;
    try {
      schema = reader.read(target);
    } catch (StoreplaneException e) {
      if (e.code().kind() == ErrorKind.UNAVAILABLE) {
        records.recordUnreachable(storeId, now, e.code().code(), e.detail());
        metrics.refresh();
      }
      throw e;
    }
    ExpectedSchema expected =
        ExpectedSchema.of(schema.dialect(), schema.version(), schema.scripts());
    DriftComparator.Result result = DriftComparator.compare(expected, schema.catalog());
    SchemaDrift drift =
        new SchemaDrift(
            storeId,
            now,
            schema.dialect(),
            schema.version(),
            result.differences(),
            result.ownTables());
    records.record(drift);
    metrics.refresh();
    return drift;
  }

  /**
   * Checks {@code storeId} for the scan: like {@link #check} but a store that cannot be reached or
   * read is a result (unreachable, recorded), not a failure.
   *
   * @return the state found
   */
  public DriftState scan(UUID storeId) {
    try {
      return check(storeId).state();
    } catch (StoreplaneException e) {
      if (e.code().kind() != ErrorKind.UNAVAILABLE) {
        records.recordUnreachable(storeId, clock.instant(), e.code().code(), e.detail());
        metrics.refresh();
      }
      return DriftState.UNREACHABLE;
    }
  }

  /**
   * What a repair did.
   *
   * @param created the objects it created, as {@link SchemaDifference#label()}s
   * @param after the store's schema checked again afterwards
   */
  public record Repair(List<String> created, SchemaDrift after) {

    public Repair {
      created = List.copyOf(created);
    }
  }

  /**
   * Creates the missing indexes of the store's version, each with its own statement from the
   * version's migration, after checking the store now: {@code confirm} must list exactly the
   * repairable differences of that check ({@link SchemaDifference#label()}). Nothing else is
   * created, altered or dropped.
   *
   * @throws FleetException {@code repair-not-confirmed} (the detail lists what to confirm), {@code
   *     nothing-to-repair}, and the failures of {@link #check}
   */
  public Repair repair(UUID storeId, Set<String> confirm) {
    Optional<StoreSchemaLock.Held> held;
    try {
      held = schemaLock.tryAcquire(storeId);
    } catch (SQLException e) {
      throw new FleetException(
          FleetError.STORE_SCHEMA_BUSY,
          "Could not take the schema lock of store %s in the master: %s"
              .formatted(storeId, e.getMessage()));
    }
    if (held.isEmpty()) {
      throw new FleetException(
          FleetError.STORE_SCHEMA_BUSY,
          "Another schema change of store %s runs (provisioning or a migration); repair it later"
              .formatted(storeId));
    }
    // one schema change per store: the check, the comparison and the DDL under the store's lock
    try (StoreSchemaLock.Held lock = held.get()) {
      return repairHeld(storeId, confirm);
    }
  }

  private Repair repairHeld(UUID storeId, Set<String> confirm) {
    StoreTarget target = reader.target(storeId);
    StoreSchema schema = reader.read(target);
    ExpectedSchema expected =
        ExpectedSchema.of(schema.dialect(), schema.version(), schema.scripts());
    List<SchemaDifference> repairable =
        DriftComparator.compare(expected, schema.catalog()).differences().stream()
            .filter(SchemaDifference::additive)
            .toList();
    if (repairable.isEmpty()) {
      throw new FleetException(
          FleetError.NOTHING_TO_REPAIR,
          "Store %s's database lacks no index of its schema version %d"
              .formatted(target.slug(), schema.version()));
    }
    Set<String> wanted = new TreeSet<>();
    repairable.forEach(d -> wanted.add(d.label()));
    if (!wanted.equals(new TreeSet<>(confirm))) {
      throw new FleetException(
          FleetError.REPAIR_NOT_CONFIRMED,
          "Confirm the repair of store %s by listing exactly: %s"
              .formatted(target.slug(), String.join(", ", wanted)));
    }
    List<String> created = new ArrayList<>();
    for (SchemaDifference missing : repairable) {
      ExpectedIndex index =
          expected
              .index(missing.table(), missing.name())
              .orElseThrow(() -> new IllegalStateException("No definition of " + missing.label()));
      reader.execute(target, index.ddl());
      created.add(missing.label());
    }
    return new Repair(created, check(storeId));
  }

  /** The last recorded check of {@code storeId}. */
  public Optional<DriftRecord> last(UUID storeId) {
    return records.find(storeId);
  }
}
