package io.storeplane.fleet.preflight;

import io.storeplane.clientschema.catalog.Catalog;
import io.storeplane.clientschema.catalog.CatalogTable;
import io.storeplane.clientschema.manifest.Arrival;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.error.StoreplaneException;
import io.storeplane.fleet.FleetError;
import io.storeplane.fleet.FleetException;
import io.storeplane.fleet.drift.DriftComparator;
import io.storeplane.fleet.drift.ExpectedSchema;
import io.storeplane.fleet.drift.SchemaDrift;
import io.storeplane.fleet.drift.StoreSchemaReader;
import io.storeplane.fleet.drift.StoreSchemaReader.StoreSchema;
import io.storeplane.fleet.drift.StoreSchemaReader.StoreTarget;
import io.storeplane.master.MasterError;
import io.storeplane.master.schema.SchemaLedger;
import io.storeplane.provisioning.ProvisioningError;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * Whether a store's migration to a target version can apply, checked without changing anything in
 * its database: the preflight a rollout runs first. For one store, in order:
 *
 * <ol>
 *   <li>The ledger says the store is at or after the target: {@link PreflightState#UP_TO_DATE},
 *       without opening its database.
 *   <li>Its catalog and history are read (the store's pool, or its Supabase SQL channel, as drift
 *       reads them); a store that cannot be read is {@link PreflightState#UNREACHABLE} with the
 *       failure's code.
 *   <li>Drift from the expected schema of the version its history records ({@link DriftComparator},
 *       the same comparison as {@code GET /stores/{id}/schema}).
 *   <li>Data the migrations would reject: every rule the versions after it up to the target bring
 *       to existing rows, as their manifests declare them ({@link Arrival}), counted by SQL built
 *       from those names.
 *   <li>The size of the tables those migrations lock ({@link MigrationLocks}).
 * </ol>
 *
 * <p>Drift or rejected rows make it {@link PreflightState#BLOCKED}; otherwise {@link
 * PreflightState#READY}. A fleet's preflight checks its stores {@code parallelism} at a time, each
 * store's failure its own result.
 */
public final class MigrationPreflight {

  private static final Logger LOG = Logger.getLogger(MigrationPreflight.class);

  private final SchemaLedger ledger;
  private final StoreSchemaReader reader;
  private final Clock clock;
  private final int parallelism;

  /**
   * @param parallelism how many stores a fleet's preflight checks at once (each holds one of the
   *     ConnectionManager's connections while it reads)
   */
  public MigrationPreflight(
      SchemaLedger ledger, StoreSchemaReader reader, Clock clock, int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("Preflight parallelism must be at least 1");
    }
    this.ledger = ledger;
    this.reader = reader;
    this.clock = clock;
    this.parallelism = parallelism;
  }

  /** How many stores {@link #check(Collection, int)} checks at once. */
  public int parallelism() {
    return parallelism;
  }

  /**
   * Checks one store against {@code targetVersion}.
   *
   * @throws io.storeplane.clientschema.ClientSchemaException {@code unknown-schema-version}
   * @throws io.storeplane.master.MasterDataException {@code store-not-found}: nothing to check
   * @throws io.storeplane.provisioning.ProvisioningException {@code store-has-no-database}: nothing
   *     to check (any other failure is in the report)
   */
  public PreflightReport check(UUID storeId, int targetVersion) {
    ClientSchema.requireKnown(targetVersion);
    return inspect(storeId, targetVersion);
  }

  /**
   * Checks every store of {@code storeIds} (each once) against {@code targetVersion}, at most
   * {@link #parallelism()} at once; a store that cannot be checked (unknown, without a database,
   * unreachable) is reported so and never holds up the others beyond its own connect timeout.
   *
   * @throws io.storeplane.clientschema.ClientSchemaException {@code unknown-schema-version}
   */
  public FleetPreflight check(Collection<UUID> storeIds, int targetVersion) {
    ClientSchema.requireKnown(targetVersion);
    Instant start = clock.instant();
    List<UUID> ids = List.copyOf(new LinkedHashSet<>(storeIds));
    if (ids.isEmpty()) {
      return new FleetPreflight(targetVersion, start, List.of());
    }
    List<Callable<PreflightReport>> checks = new ArrayList<>();
    ids.forEach(id -> checks.add(() -> report(id, targetVersion)));
    ExecutorService workers =
        Executors.newFixedThreadPool(Math.min(parallelism, ids.size()), threads());
    try {
      List<Future<PreflightReport>> done = workers.invokeAll(checks);
      List<PreflightReport> reports = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        reports.add(result(ids.get(i), targetVersion, done.get(i)));
      }
      return new FleetPreflight(targetVersion, start, reports);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FleetException(
          FleetError.STORE_SCHEMA_UNREADABLE, "The preflight was interrupted", e);
    } finally {
      workers.shutdownNow();
    }
  }

  private PreflightReport result(UUID storeId, int target, Future<PreflightReport> future)
      throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      // report() turns every store failure into a result; this is a defect, kept to its store
      LOG.errorf(e.getCause(), "Preflight of store %s failed unexpectedly", storeId);
      return PreflightReport.unreachable(
          storeId,
          clock.instant(),
          target,
          0,
          new PreflightReport.Failure(
              FleetError.STORE_SCHEMA_UNREADABLE.code(), "The store could not be checked."));
    }
  }

  /** One store of a fleet's preflight: every failure is a result. */
  private PreflightReport report(UUID storeId, int target) {
    try {
      return inspect(storeId, target);
    } catch (StoreplaneException e) {
      return PreflightReport.unreachable(
          storeId,
          clock.instant(),
          target,
          0,
          new PreflightReport.Failure(e.code().code(), e.detail()));
    }
  }

  private PreflightReport inspect(UUID storeId, int target) {
    Instant now = clock.instant();
    StoreTarget store;
    Optional<StoreplaneException> refused = Optional.empty();
    try {
      store = reader.target(storeId);
    } catch (StoreplaneException e) {
      if (nothingToCheck(e)) {
        throw e;
      }
      store = null; // suspended: only the ledger can still say it is up to date
      refused = Optional.of(e);
    }
    int known = ledger.currentVersion(storeId);
    if (known >= target) {
      return PreflightReport.upToDate(storeId, now, target, known, Optional.empty());
    }
    if (refused.isPresent()) {
      return unreachable(storeId, now, target, known, refused.get());
    }
    StoreSchema schema;
    try {
      schema = reader.read(store);
    } catch (StoreplaneException e) {
      return unreachable(storeId, now, target, known, e);
    }
    if (schema.version() >= target) {
      return PreflightReport.upToDate(
          storeId,
          now,
          target,
          known,
          Optional.of(new PreflightReport.StoreVersion(schema.version(), schema.dialect())));
    }
    ExpectedSchema expected;
    try {
      expected = ExpectedSchema.of(schema.dialect(), schema.version(), schema.scripts());
    } catch (StoreplaneException e) {
      return unreachable(storeId, now, target, known, e); // a script this build does not know
    }
    DriftComparator.Result compared = DriftComparator.compare(expected, schema.catalog());
    SchemaDrift drift =
        new SchemaDrift(
            storeId,
            now,
            schema.dialect(),
            schema.version(),
            compared.differences(),
            compared.ownTables());
    List<DataCheck> data;
    List<LockedTable> locked;
    try {
      data = data(store, schema, target);
      locked = locked(store, schema, target);
    } catch (StoreplaneException e) {
      return unreachable(storeId, now, target, known, e);
    }
    boolean blocked = !drift.differences().isEmpty() || data.stream().anyMatch(DataCheck::rejects);
    return new PreflightReport(
        storeId,
        now,
        target,
        known,
        Optional.of(schema.version()),
        Optional.of(schema.dialect()),
        blocked ? PreflightState.BLOCKED : PreflightState.READY,
        Optional.empty(),
        Optional.of(drift),
        data,
        locked);
  }

  /**
   * Counts what each version after the store's up to the target would reject. A rule whose table or
   * columns the store lacks (drift, already reported) is not counted.
   */
  private List<DataCheck> data(StoreTarget store, StoreSchema schema, int target) {
    List<DataCheck> checks = new ArrayList<>();
    for (int version : after(schema, target)) {
      for (Arrival arrival : ClientSchema.manifest(version).arrivals()) {
        if (!arrival.checksData() || !present(schema.catalog(), arrival)) {
          continue;
        }
        String sql = StoreQueries.rejected(schema.dialect(), arrival);
        checks.add(DataCheck.of(version, arrival, StoreQueries.count(reader.query(store, sql))));
      }
    }
    return checks;
  }

  /** The versions a migration of the store to {@code target} would apply. */
  private static List<Integer> after(StoreSchema schema, int target) {
    return IntStream.rangeClosed(schema.version() + 1, target).boxed().toList();
  }

  private static boolean present(Catalog catalog, Arrival arrival) {
    boolean columns = hasColumns(catalog, arrival.table(), arrival.columns());
    return columns
        && arrival
            .fill()
            .map(
                f ->
                    hasColumns(catalog, f.referencedTable(), List.of(f.referencedKey(), f.column()))
                        && hasColumns(catalog, arrival.table(), List.of(f.localColumn())))
            .orElse(true);
  }

  private static boolean hasColumns(Catalog catalog, String table, List<String> columns) {
    Optional<CatalogTable> found = catalog.table(table);
    return found.isPresent() && columns.stream().allMatch(c -> found.get().column(c).isPresent());
  }

  /** The tables the versions' migrations lock that the store has now, with their size. */
  private List<LockedTable> locked(StoreTarget store, StoreSchema schema, int target) {
    Map<String, List<Integer>> versions = new TreeMap<>();
    for (int version : after(schema, target)) {
      for (String table : MigrationLocks.of(schema.dialect(), version)) {
        if (schema.catalog().table(table).isPresent()) {
          versions.computeIfAbsent(table, t -> new ArrayList<>()).add(version);
        }
      }
    }
    if (versions.isEmpty()) {
      return List.of();
    }
    Map<String, Map<String, Object>> sizes = new TreeMap<>();
    for (Map<String, Object> row :
        reader.query(store, StoreQueries.sizes(schema.dialect(), versions.keySet()))) {
      sizes.put(String.valueOf(row.get("name")).toLowerCase(Locale.ROOT), row);
    }
    List<LockedTable> tables = new ArrayList<>();
    versions.forEach(
        (table, in) -> {
          Map<String, Object> row = sizes.getOrDefault(table, Map.of());
          tables.add(new LockedTable(table, in, estimate(row), bytes(row)));
        });
    return tables;
  }

  private static OptionalLong estimate(Map<String, Object> row) {
    Long estimate = StoreQueries.number(row.get("estimate"));
    if (estimate != null && estimate >= 0) {
      return OptionalLong.of(estimate);
    }
    Long live = StoreQueries.number(row.get("live"));
    return live == null ? OptionalLong.empty() : OptionalLong.of(live);
  }

  private static long bytes(Map<String, Object> row) {
    Long bytes = StoreQueries.number(row.get("bytes"));
    return bytes == null ? 0 : bytes;
  }

  /** The store does not exist, or has no database: there is nothing to check. */
  private static boolean nothingToCheck(StoreplaneException e) {
    return e.code() == MasterError.STORE_NOT_FOUND
        || e.code() == ProvisioningError.STORE_HAS_NO_DATABASE;
  }

  private static PreflightReport unreachable(
      UUID storeId, Instant now, int target, int known, StoreplaneException e) {
    LOG.debugf("Preflight of store %s: %s", storeId, e.getMessage());
    return PreflightReport.unreachable(
        storeId, now, target, known, new PreflightReport.Failure(e.code().code(), e.detail()));
  }

  private static ThreadFactory threads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "storeplane-preflight-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
