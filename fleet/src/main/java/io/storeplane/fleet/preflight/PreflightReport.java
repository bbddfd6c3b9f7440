package io.storeplane.fleet.preflight;

import io.storeplane.clientschema.Dialect;
import io.storeplane.fleet.drift.SchemaDrift;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Whether one store's migration to a target version can apply, checked without changing anything.
 *
 * @param storeId the store
 * @param checkedAt when it was checked
 * @param targetVersion the version a migration would reach
 * @param ledgerVersion the store's version as the platform's ledger knows it (0: none recorded)
 * @param version the version the store's own history records; empty when its database was not read
 * @param dialect its database's dialect; empty when not read
 * @param state what was found
 * @param error why the store could not be checked, for {@link PreflightState#UNREACHABLE}
 * @param drift its database against the expected schema of {@code version}; empty when not read
 * @param data every rule the versions up to the target bring to existing rows, counted
 * @param lockedTables the tables those versions' migrations lock, with their size
 */
public record PreflightReport(
    UUID storeId,
    Instant checkedAt,
    int targetVersion,
    int ledgerVersion,
    Optional<Integer> version,
    Optional<Dialect> dialect,
    PreflightState state,
    Optional<Failure> error,
    Optional<SchemaDrift> drift,
    List<DataCheck> data,
    List<LockedTable> lockedTables) {

  /**
   * Why a store could not be checked.
   *
   * @param code the stable error code ({@code store-database-unavailable}, {@code
   *     store-database-suspended}, {@code store-has-no-database}, ...)
   * @param message what an API client may be told (never a driver's text or a secret)
   */
  public record Failure(String code, String message) {}

  public PreflightReport {
    data = List.copyOf(data);
    lockedTables = List.copyOf(lockedTables);
  }

  /**
   * Why the store cannot be migrated now, one phrase per reason, worded once for every reader (the
   * refusal of a rollout whose preflight is not clean, the console's report): the code of the error
   * that left it unreachable, its drift, and each rule its rows break, in that order. Empty when it
   * is ready or up to date.
   */
  public List<String> reasons() {
    List<String> reasons = new ArrayList<>();
    error.ifPresent(e -> reasons.add(e.code()));
    int differences = drift.map(d -> d.differences().size()).orElse(0);
    if (differences > 0) {
      reasons.add(
          "drifted from version %d, %d difference%s"
              .formatted(version.orElse(0), differences, differences == 1 ? "" : "s"));
    }
    for (DataCheck check : data) {
      if (check.rejects()) {
        reasons.add(
            "%s has %d row%s version %d would reject"
                .formatted(
                    where(check), check.rows(), check.rows() == 1 ? "" : "s", check.version()));
      }
    }
    return List.copyOf(reasons);
  }

  /** {@code order_items.sku}, or {@code order_items (a, b)} for a rule on several columns. */
  private static String where(DataCheck check) {
    return check.columns().size() == 1
        ? check.table() + "." + check.columns().get(0)
        : check.table() + " (" + String.join(", ", check.columns()) + ")";
  }

  /** A store at or after the target: nothing to do ({@code version} empty when not read). */
  static PreflightReport upToDate(
      UUID storeId, Instant at, int target, int ledger, Optional<StoreVersion> found) {
    return unread(storeId, at, target, ledger, found, PreflightState.UP_TO_DATE, Optional.empty());
  }

  static PreflightReport unreachable(
      UUID storeId, Instant at, int target, int ledger, Failure failure) {
    return unread(
        storeId,
        at,
        target,
        ledger,
        Optional.empty(),
        PreflightState.UNREACHABLE,
        Optional.of(failure));
  }

  /** The version a store's history records, in its dialect. */
  record StoreVersion(int version, Dialect dialect) {}

  private static PreflightReport unread(
      UUID storeId,
      Instant at,
      int target,
      int ledger,
      Optional<StoreVersion> found,
      PreflightState state,
      Optional<Failure> error) {
    return new PreflightReport(
        storeId,
        at,
        target,
        ledger,
        found.map(StoreVersion::version),
        found.map(StoreVersion::dialect),
        state,
        error,
        Optional.empty(),
        List.of(),
        List.of());
  }
}
