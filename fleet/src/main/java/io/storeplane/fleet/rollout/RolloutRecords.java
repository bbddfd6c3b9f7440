package io.storeplane.fleet.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storeplane.bus.runtime.EventBus;
import io.storeplane.fleet.FleetError;
import io.storeplane.fleet.FleetException;
import io.storeplane.fleet.migrate.MigrationOutcome;
import io.storeplane.fleet.migrate.MigrationResult;
import io.storeplane.jobs.JobError;
import io.storeplane.jobs.JobStatus;
import io.storeplane.jobs.JobStore;
import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The master's rollouts ({@code rollouts}, {@code rollout_waves}, {@code rollout_items}, master
 * V13): the only writer and reader of those tables. Every decision of a rollout's workers is taken
 * in one transaction under the rollout's row lock ({@link #turn}), and every change is announced on
 * the bus ({@link RolloutChanged}) in the transaction that made it. {@code rollout_items} names the
 * job holding each running store; whether that job still lives is the job engine's answer ({@link
 * JobStore#liveJobIds}), never read from its table here.
 */
@ApplicationScoped
@Transactional
public class RolloutRecords {

  private static final int MESSAGE_LENGTH = 2000;

  private static final String LOCK =
      "SELECT r.state, r.target_version, r.phase, r.phase_starts_at, r.generation, w.parallelism,"
          + " r.on_failure, r.max_failure_rate,"
          + " (SELECT max(phase) FROM rollout_waves WHERE rollout_id = r.id) AS last_phase"
          + " FROM rollouts r JOIN rollout_waves w ON w.rollout_id = r.id AND w.phase = r.phase"
          + " WHERE r.id = ? FOR UPDATE OF r";

  private static final String RETAKE =
      "UPDATE rollout_items i SET attempts = i.attempts + 1, started_at = ?, updated_at = ?"
          + " FROM stores s WHERE s.id = i.store_id AND i.rollout_id = ? AND i.state = 'RUNNING'"
          + " AND i.claimed_by = ? RETURNING i.store_id, s.slug, i.attempts";

  private static final String CLAIM =
      "UPDATE rollout_items i SET state = 'RUNNING', claimed_by = ?, attempts = i.attempts + 1,"
          + " started_at = ?, finished_at = NULL, updated_at = ? FROM stores s"
          + " WHERE s.id = i.store_id AND (i.rollout_id, i.store_id) = (SELECT rollout_id, store_id"
          + " FROM rollout_items WHERE rollout_id = ? AND state = 'PENDING' AND phase BETWEEN 0 AND ?"
          + " AND run_after <= ? ORDER BY phase, position LIMIT 1 FOR UPDATE SKIP LOCKED)"
          + " RETURNING i.store_id, s.slug, i.attempts";

  private final DataSource master;
  private final EventBus bus;
  private final JobStore jobs;
  private final ObjectMapper json = new ObjectMapper();

  RolloutRecords(DataSource master, EventBus bus, JobStore jobs) {
    this.master = master;
    this.bus = bus;
    this.jobs = jobs;
  }

  /** A new rollout's phases and stores, as {@link Rollouts#start} planned them. */
  record Planned(
      UUID id,
      RolloutPlan plan,
      Optional<String> createdBy,
      List<PlannedPhase> phases,
      List<PlannedItem> items) {}

  /** One phase of a new rollout. */
  record PlannedPhase(int phase, Integer percent, int parallelism, Duration soak, int storeCount) {}

  /** One store of a new rollout: phase -1 when it is already at the target. */
  record PlannedItem(UUID storeId, int phase, int position, int schemaVersion) {}

  /** Where a rollout's workers start: the current phase at {@code startsAt}. */
  record Start(int phase, int parallelism, Instant startsAt, int generation) {}

  /** Records a new rollout; one with nothing to migrate is completed at once. */
  public RolloutState create(Planned planned, Instant now) {
    boolean work = planned.items().stream().anyMatch(i -> i.phase() >= 0);
    RolloutState state = work ? RolloutState.RUNNING : RolloutState.COMPLETED;
    try (Connection c = master.getConnection()) {
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO rollouts (id, target_version, selector, max_failure_rate, on_failure,"
                  + " state, phase, phase_starts_at, created_by, created_at, updated_at,"
                  + " finished_at, require_clean_preflight) VALUES (?, ?, CAST(? AS jsonb), ?, ?,"
                  + " ?, 0, ?, ?, ?, ?, ?, ?)")) {
        s.setObject(1, planned.id());
        s.setInt(2, planned.plan().targetVersion());
        s.setString(3, json.writeValueAsString(planned.plan().selector()));
        s.setDouble(4, planned.plan().maxFailureRate());
        s.setString(5, planned.plan().onFailure().name());
        s.setString(6, state.name());
        s.setTimestamp(7, Timestamp.from(now));
        s.setString(8, planned.createdBy().orElse(null));
        s.setTimestamp(9, Timestamp.from(now));
        s.setTimestamp(10, Timestamp.from(now));
        s.setTimestamp(11, work ? null : Timestamp.from(now));
        s.setBoolean(12, planned.plan().requireCleanPreflight());
        s.executeUpdate();
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO rollout_waves (rollout_id, phase, percent, parallelism, soak_ms,"
                  + " store_count, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (PlannedPhase phase : planned.phases()) {
          s.setObject(1, planned.id());
          s.setInt(2, phase.phase());
          s.setObject(3, phase.percent(), Types.INTEGER);
          s.setInt(4, phase.parallelism());
          s.setLong(5, phase.soak().toMillis());
          s.setInt(6, phase.storeCount());
          s.setTimestamp(7, phase.phase() == 0 ? Timestamp.from(now) : null);
          s.setTimestamp(8, work ? null : Timestamp.from(now));
          s.addBatch();
        }
        s.executeBatch();
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO rollout_items (rollout_id, store_id, phase, position, state, run_after,"
                  + " from_version, to_version, finished_at, updated_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (PlannedItem item : planned.items()) {
          boolean skipped = item.phase() < 0;
          s.setObject(1, planned.id());
          s.setObject(2, item.storeId());
          s.setInt(3, item.phase());
          s.setInt(4, item.position());
          s.setString(5, skipped ? ItemState.SKIPPED.name() : ItemState.PENDING.name());
          s.setTimestamp(6, Timestamp.from(now));
          s.setObject(7, skipped ? item.schemaVersion() : null, Types.INTEGER);
          s.setObject(8, skipped ? item.schemaVersion() : null, Types.INTEGER);
          s.setTimestamp(9, skipped ? Timestamp.from(now) : null);
          s.setTimestamp(10, Timestamp.from(now));
          s.addBatch();
        }
        s.executeBatch();
      }
    } catch (SQLException e) {
      throw unavailable("record the rollout", e);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A store selection is always JSON", e);
    }
    changed(planned.id());
    return state;
  }

  /**
   * What the worker {@code worker} (a {@code fleet.rollout} job) of rollout {@code id} does next,
   * under the rollout's row lock: its own store again after a takeover; a pending store of the
   * current phase or an earlier one, claimed {@code FOR UPDATE SKIP LOCKED}, while fewer than the
   * phase's parallelism run; a wait for the soak or a store's retry; the next phase once no store
   * of this one is pending or running; or nothing. A store claimed or taken over for more than its
   * {@code maxAttempts}-th time (every worker that held it died) is recorded failed there and then,
   * and counts towards the phase's failure rate like any other failure.
   */
  public Turn turn(UUID id, UUID worker, int maxAttempts, Instant now) {
    try (Connection c = master.getConnection()) {
      RolloutState state;
      int phase;
      Instant startsAt;
      int generation;
      int parallelism;
      int lastPhase;
      int target;
      RolloutPlan.OnFailure onFailure;
      double maxFailureRate;
      try (PreparedStatement s = c.prepareStatement(LOCK)) {
        s.setObject(1, id);
        try (ResultSet row = s.executeQuery()) {
          if (!row.next()) {
            return new Turn.Done("The rollout no longer exists");
          }
          state = RolloutState.valueOf(row.getString("state"));
          phase = row.getInt("phase");
          startsAt = row.getTimestamp("phase_starts_at").toInstant();
          generation = row.getInt("generation");
          parallelism = row.getInt("parallelism");
          lastPhase = row.getInt("last_phase");
          target = row.getInt("target_version");
          onFailure = RolloutPlan.OnFailure.valueOf(row.getString("on_failure"));
          maxFailureRate = row.getDouble("max_failure_rate");
        }
      }
      if (state != RolloutState.RUNNING) {
        return new Turn.Done("The rollout is " + state.name().toLowerCase(Locale.ROOT));
      }
      if (now.isBefore(startsAt)) {
        return new Turn.Wait(startsAt, "The canary soaks until " + startsAt);
      }
      releaseOrphans(c, id, Optional.of(worker), now);
      // its own store first (taken over after a crash), then the next pending one; a store held
      // more often than it may be tried is recorded failed and the next one is taken
      Optional<Turn.Claimed> claimed =
          claimed(c, target, RETAKE, Timestamp.from(now), Timestamp.from(now), id, worker);
      // counted whenever nothing is claimed, so it is current when the loop ends without a claim
      int running = 0;
      while (true) {
        if (claimed.isEmpty()) {
          running = running(c, id);
          if (running >= parallelism) {
            return new Turn.Done("The phase's other workers migrate its stores");
          }
          claimed =
              claimed(
                  c,
                  target,
                  CLAIM,
                  worker,
                  Timestamp.from(now),
                  Timestamp.from(now),
                  id,
                  phase,
                  Timestamp.from(now));
        }
        if (claimed.isEmpty() || claimed.get().attempt() <= maxAttempts) {
          break;
        }
        boolean paused = abandon(c, id, claimed.get(), maxAttempts, onFailure, maxFailureRate, now);
        changed(id);
        if (paused) {
          return new Turn.Done("The rollout paused: its stores fail past the maximum rate");
        }
        claimed = Optional.empty();
      }
      if (claimed.isPresent()) {
        changed(id);
        return claimed.get();
      }
      Optional<Instant> retry = nextRetry(c, id, phase);
      if (retry.isPresent()) {
        return new Turn.Wait(retry.get(), "Stores wait to be tried again");
      }
      if (running > 0) {
        return new Turn.Done("The phase's other workers finish its last stores");
      }
      return advance(c, id, phase, lastPhase, generation, now);
    } catch (SQLException e) {
      throw unavailable("run the rollout", e);
    }
  }

  /**
   * A store claimed once more than {@code maxAttempts}: every worker that held it died (a store
   * whose migration kills its worker, a worker that ran out of its job's retries), so it is
   * recorded failed rather than handed to the next worker; applied when the ledger shows this
   * rollout migrated it before the last worker died.
   *
   * @return whether this failure paused the rollout
   */
  private boolean abandon(
      Connection c,
      UUID id,
      Turn.Claimed store,
      int maxAttempts,
      RolloutPlan.OnFailure onFailure,
      double maxFailureRate,
      Instant now)
      throws SQLException {
    boolean applied = appliedBy(c, id, store.storeId(), store.targetVersion());
    ItemState state = applied ? ItemState.APPLIED : ItemState.FAILED;
    int phase =
        one(
            c,
            "UPDATE rollout_items SET state = ?, attempts = ?, claimed_by = NULL, finished_at = ?,"
                + " to_version = COALESCE(?, to_version), error_code = ?, error_message = ?, updated_at = ?"
                + " WHERE rollout_id = ? AND store_id = ? RETURNING phase",
            row -> row.getInt(1),
            state.name(),
            maxAttempts,
            Timestamp.from(now),
            applied ? store.targetVersion() : null,
            applied ? null : JobError.JOB_CRASHED.code(),
            applied
                ? null
                : ("Every worker that took this store ended without recording it (%d attempts);"
                        + " it is not handed out again")
                    .formatted(maxAttempts),
            Timestamp.from(now),
            id,
            store.storeId());
    return !applied
        && onFailure == RolloutPlan.OnFailure.PAUSE
        && pauseIfPastLimit(c, id, phase, maxFailureRate, now);
  }

  /**
   * Puts back to pending the rollout's stores held by jobs that no longer run (their instance died,
   * or their job ended failed), but {@code except}'s own (it takes them over itself). The job
   * engine says which jobs live: rollout_items only names them.
   *
   * @return how many stores went back to pending
   */
  private int releaseOrphans(Connection c, UUID id, Optional<UUID> except, Instant now)
      throws SQLException {
    List<UUID> dead = deadHolders(c, id, except);
    if (dead.isEmpty()) {
      return 0;
    }
    return update(
        c,
        "UPDATE rollout_items SET state = 'PENDING', claimed_by = NULL, updated_at = ?"
            + " WHERE rollout_id = ? AND state = 'RUNNING' AND claimed_by = ANY (?)",
        Timestamp.from(now),
        id,
        c.createArrayOf("uuid", dead.toArray()));
  }

  /** The jobs holding a store of the rollout that are neither queued nor running. */
  private List<UUID> deadHolders(Connection c, UUID id, Optional<UUID> except) throws SQLException {
    List<UUID> holders = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT DISTINCT claimed_by FROM rollout_items WHERE rollout_id = ?"
                + " AND state = 'RUNNING' AND claimed_by IS NOT NULL")) {
      s.setObject(1, id);
      try (ResultSet row = s.executeQuery()) {
        while (row.next()) {
          UUID holder = row.getObject(1, UUID.class);
          if (except.isEmpty() || !except.get().equals(holder)) {
            holders.add(holder);
          }
        }
      }
    }
    Set<UUID> live = jobs.liveJobIds(holders);
    holders.removeIf(live::contains);
    return holders;
  }

  /**
   * The sweep of a running rollout ({@link RolloutSweepKind}): releases the stores its dead workers
   * held and, when none of its workers is queued or running any more (the last one died, or ended
   * failed), says where new ones start. Under the rollout's row lock, like a worker's turn. The
   * rollout is announced changed only when the sweep changed it (released a store, or its workers
   * are queued again): a sweep of a healthy rollout, every minute, announces nothing.
   *
   * @return where the phase's workers start again; empty when the rollout is not running or still
   *     has a live worker
   */
  public Optional<Start> sweep(UUID id, Instant now) {
    try (Connection c = master.getConnection()) {
      Optional<RolloutState> state = lockedStateIfAny(c, id);
      if (state.isEmpty() || state.get() != RolloutState.RUNNING) {
        return Optional.empty();
      }
      int released = releaseOrphans(c, id, Optional.empty(), now);
      if (!jobs.jobIds(
              RolloutKind.NAME,
              RolloutKind.ROLLOUT,
              id.toString(),
              List.of(JobStatus.QUEUED, JobStatus.RUNNING))
          .isEmpty()) {
        if (released > 0) {
          changed(id);
        }
        return Optional.empty();
      }
      Start start = start(c, id);
      changed(id);
      return Optional.of(start);
    } catch (SQLException e) {
      throw unavailable("sweep the rollout", e);
    }
  }

  /** The running rollouts, for the sweep. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<UUID> running() {
    try (Connection c = master.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id FROM rollouts WHERE state = 'RUNNING' ORDER BY created_at")) {
      List<UUID> ids = new ArrayList<>();
      try (ResultSet row = s.executeQuery()) {
        while (row.next()) {
          ids.add(row.getObject(1, UUID.class));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw unavailable("list the running rollouts", e);
    }
  }

  /** The current phase has nothing pending or running: the next one begins, or the rollout ends. */
  private Turn advance(Connection c, UUID id, int phase, int lastPhase, int generation, Instant now)
      throws SQLException {
    update(
        c,
        "UPDATE rollout_waves SET finished_at = ? WHERE rollout_id = ? AND phase = ?"
            + " AND finished_at IS NULL",
        Timestamp.from(now),
        id,
        phase);
    if (phase >= lastPhase) {
      update(
          c,
          "UPDATE rollouts SET state = 'COMPLETED', finished_at = ?, updated_at = ? WHERE id = ?",
          Timestamp.from(now),
          Timestamp.from(now),
          id);
      changed(id);
      return new Turn.Done("The rollout completed");
    }
    Duration soak = Duration.ZERO;
    if (phase == 0) {
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT soak_ms, store_count FROM rollout_waves WHERE rollout_id = ? AND phase = 0")) {
        s.setObject(1, id);
        try (ResultSet row = s.executeQuery()) {
          if (row.next() && row.getInt("store_count") > 0) {
            soak = Duration.ofMillis(row.getLong("soak_ms"));
          }
        }
      }
    }
    int next = phase + 1;
    Instant startsAt = now.plus(soak);
    update(
        c,
        "UPDATE rollouts SET phase = ?, phase_starts_at = ?, updated_at = ? WHERE id = ?",
        next,
        Timestamp.from(startsAt),
        Timestamp.from(now),
        id);
    update(
        c,
        "UPDATE rollout_waves SET started_at = ? WHERE rollout_id = ? AND phase = ?",
        Timestamp.from(startsAt),
        id,
        next);
    int parallelism =
        one(
            c,
            "SELECT parallelism FROM rollout_waves WHERE rollout_id = ? AND phase = ?",
            row -> row.getInt(1),
            id,
            next);
    changed(id);
    return new Turn.Advanced(
        next,
        parallelism,
        startsAt,
        generation,
        soak.isZero()
            ? "Phase %d begins".formatted(next)
            : "Phase %d begins after the canary's soak, at %s".formatted(next, startsAt));
  }

  /**
   * Records how a claimed store's migration ended. A store that may pass by itself (busy, a lock
   * timeout, unreachable) waits {@code retryDelay} and is tried again while it has attempts left; a
   * failure that takes its phase's failure rate past the limit pauses the rollout when it says so.
   *
   * @return the store's state now; empty when the worker no longer holds the store
   */
  public Optional<ItemState> finish(
      UUID id,
      UUID worker,
      MigrationResult result,
      int maxAttempts,
      Duration retryDelay,
      Instant now) {
    try (Connection c = master.getConnection()) {
      String onFailure;
      double maxFailureRate;
      RolloutState state;
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT state, on_failure, max_failure_rate FROM rollouts WHERE id = ? FOR UPDATE")) {
        s.setObject(1, id);
        try (ResultSet row = s.executeQuery()) {
          if (!row.next()) {
            return Optional.empty();
          }
          state = RolloutState.valueOf(row.getString("state"));
          onFailure = row.getString("on_failure");
          maxFailureRate = row.getDouble("max_failure_rate");
        }
      }
      int attempts;
      int phase;
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT attempts, phase FROM rollout_items WHERE rollout_id = ? AND store_id = ?"
                  + " AND state = 'RUNNING' AND claimed_by = ? FOR UPDATE")) {
        s.setObject(1, id);
        s.setObject(2, result.storeId());
        s.setObject(3, worker);
        try (ResultSet row = s.executeQuery()) {
          if (!row.next()) {
            return Optional.empty();
          }
          attempts = row.getInt("attempts");
          phase = row.getInt("phase");
        }
      }
      ItemState next = next(result, attempts, maxAttempts);
      if (next == ItemState.SKIPPED && appliedBy(c, id, result.storeId(), result.toVersion())) {
        // a worker that died after migrating the store: the ledger names this rollout
        next = ItemState.APPLIED;
      }
      boolean cancelled = state == RolloutState.CANCELLED && next == ItemState.PENDING;
      if (cancelled) {
        // no worker would take it again: it ends as the stores the cancel found pending
        next = ItemState.SKIPPED;
      }
      Instant runAfter = next == ItemState.PENDING ? now.plus(retryDelay) : now;
      update(
          c,
          "UPDATE rollout_items SET state = ?, from_version = ?, to_version = ?, finished_at = ?,"
              + " duration_ms = ?, error_code = ?, error_message = ?, run_after = ?,"
              + " claimed_by = NULL, updated_at = ? WHERE rollout_id = ? AND store_id = ?",
          next.name(),
          result.fromVersion(),
          result.toVersion(),
          next == ItemState.PENDING ? null : Timestamp.from(now),
          Math.max(0, result.took().toMillis()),
          cancelled ? null : result.errorCode().orElse(null),
          cancelled
              ? cut("The rollout was cancelled while this store migrated: " + result.message())
              : result.errorCode().isPresent() ? cut(result.message()) : null,
          Timestamp.from(runAfter),
          Timestamp.from(now),
          id,
          result.storeId());
      if (next == ItemState.FAILED
          && (state == RolloutState.RUNNING || state == RolloutState.PAUSED)
          && RolloutPlan.OnFailure.valueOf(onFailure) == RolloutPlan.OnFailure.PAUSE) {
        pauseIfPastLimit(c, id, phase, maxFailureRate, now);
      }
      changed(id);
      return Optional.of(next);
    } catch (SQLException e) {
      throw unavailable("record a store of the rollout", e);
    }
  }

  private static boolean appliedBy(Connection c, UUID id, UUID storeId, int version)
      throws SQLException {
    return one(
        c,
        "SELECT EXISTS (SELECT 1 FROM store_schema_versions WHERE store_id = ? AND version = ?"
            + " AND state = 'APPLIED' AND rollout_id = ?)",
        row -> row.getBoolean(1),
        storeId,
        version,
        id);
  }

  private static ItemState next(MigrationResult result, int attempts, int maxAttempts) {
    return switch (result.outcome()) {
      case APPLIED -> ItemState.APPLIED;
      case SKIPPED -> ItemState.SKIPPED;
      case BUSY, FAILED ->
          (result.outcome() == MigrationOutcome.BUSY || result.retryable())
                  && attempts < maxAttempts
              ? ItemState.PENDING
              : ItemState.FAILED;
    };
  }

  /**
   * Pauses the rollout when this failure took its phase's failure rate past the limit (and not when
   * it already was past it: a rollout resumed by an operator after such a pause goes on). A rollout
   * an operator paused is checked too: the failure-rate reason replaces the operator's (kept in
   * brackets), so the resume that follows is one that saw the failures, as after an automatic
   * pause, rather than one that silently turns the automatic pause off for the rest of the phase.
   *
   * @return whether it paused the rollout (or gave its pause this reason)
   */
  private boolean pauseIfPastLimit(
      Connection c, UUID id, int phase, double maxFailureRate, Instant now) throws SQLException {
    int[] counts =
        one(
            c,
            "SELECT count(*) FILTER (WHERE state = 'FAILED') AS failed, count(*) AS total"
                + " FROM rollout_items WHERE rollout_id = ? AND phase = ?",
            row -> new int[] {row.getInt("failed"), row.getInt("total")},
            id,
            phase);
    int failed = counts[0];
    int total = counts[1];
    double after = (double) failed / total;
    double before = (double) (failed - 1) / total;
    if (after > maxFailureRate && before <= maxFailureRate) {
      String reason =
          "%s: %d of %d stores failed (%.1f%%), more than the maximum failure rate of %.1f%%"
              .formatted(
                  phase == 0 ? "The canary" : "Wave " + phase,
                  failed,
                  total,
                  after * 100,
                  maxFailureRate * 100);
      update(
          c,
          "UPDATE rollouts SET state = 'PAUSED', pause_reason = ? || CASE WHEN state = 'PAUSED'"
              + " AND pause_reason IS NOT NULL THEN ' (while paused: ' || pause_reason || ')'"
              + " ELSE '' END, updated_at = ? WHERE id = ?",
          reason,
          Timestamp.from(now),
          id);
      return true;
    }
    return false;
  }

  /**
   * Pauses a running rollout: its workers stop claiming stores; the stores they migrate now end.
   *
   * @throws FleetException {@code rollout-not-found}, {@code rollout-state-conflict}
   */
  public void pause(UUID id, String reason, Instant now) {
    try (Connection c = master.getConnection()) {
      int n =
          update(
              c,
              "UPDATE rollouts SET state = 'PAUSED', pause_reason = ?, updated_at = ?"
                  + " WHERE id = ? AND state = 'RUNNING'",
              cut(reason),
              Timestamp.from(now),
              id);
      if (n == 0) {
        throw conflict(c, id, "Only a running rollout can be paused");
      }
    } catch (SQLException e) {
      throw unavailable("pause the rollout", e);
    }
    changed(id);
  }

  /**
   * Resumes a paused rollout from its current phase.
   *
   * @return where its workers start
   * @throws FleetException {@code rollout-not-found}, {@code rollout-state-conflict}
   */
  public Start resume(UUID id, Instant now) {
    try (Connection c = master.getConnection()) {
      int n =
          update(
              c,
              "UPDATE rollouts SET state = 'RUNNING', pause_reason = NULL,"
                  + " generation = generation + 1, updated_at = ? WHERE id = ? AND state = 'PAUSED'",
              Timestamp.from(now),
              id);
      if (n == 0) {
        throw conflict(c, id, "Only a paused rollout can be resumed");
      }
      Start start = start(c, id);
      changed(id);
      return start;
    } catch (SQLException e) {
      throw unavailable("resume the rollout", e);
    }
  }

  /**
   * Cancels a running or paused rollout: the stores not begun are skipped; the ones migrating now
   * end.
   *
   * @throws FleetException {@code rollout-not-found}, {@code rollout-state-conflict}
   */
  public void cancel(UUID id, Instant now) {
    try (Connection c = master.getConnection()) {
      int n =
          update(
              c,
              "UPDATE rollouts SET state = 'CANCELLED', pause_reason = NULL, finished_at = ?,"
                  + " updated_at = ? WHERE id = ? AND state IN ('RUNNING', 'PAUSED')",
              Timestamp.from(now),
              Timestamp.from(now),
              id);
      if (n == 0) {
        throw conflict(c, id, "The rollout already ended");
      }
      update(
          c,
          "UPDATE rollout_items SET state = 'SKIPPED', finished_at = ?, updated_at = ?,"
              + " error_message = 'The rollout was cancelled before this store'"
              + " WHERE rollout_id = ? AND state = 'PENDING'",
          Timestamp.from(now),
          Timestamp.from(now),
          id);
      List<UUID> dead = deadHolders(c, id, Optional.empty());
      if (!dead.isEmpty()) {
        update(
            c,
            "UPDATE rollout_items SET state = 'SKIPPED', claimed_by = NULL, finished_at = ?,"
                + " updated_at = ?, error_message = 'The rollout was cancelled while its worker"
                + " was down' WHERE rollout_id = ? AND state = 'RUNNING' AND claimed_by = ANY (?)",
            Timestamp.from(now),
            Timestamp.from(now),
            id,
            c.createArrayOf("uuid", dead.toArray()));
      }
      update(
          c,
          "UPDATE rollout_waves SET finished_at = ? WHERE rollout_id = ? AND finished_at IS NULL",
          Timestamp.from(now),
          id);
    } catch (SQLException e) {
      throw unavailable("cancel the rollout", e);
    }
    changed(id);
  }

  /**
   * Puts a rollout's failed stores back in the queue (their attempts counted afresh) and runs it
   * again from its current phase, also when it had completed or paused.
   *
   * @return where its workers start and how many stores go again
   * @throws FleetException {@code rollout-not-found}, {@code rollout-state-conflict} (cancelled, or
   *     no failed store)
   */
  public Map.Entry<Start, Integer> retryFailed(UUID id, Instant now) {
    try (Connection c = master.getConnection()) {
      RolloutState state = lockedState(c, id);
      if (state == RolloutState.CANCELLED) {
        throw new FleetException(
            FleetError.ROLLOUT_STATE_CONFLICT, "A cancelled rollout cannot be retried");
      }
      int again =
          update(
              c,
              "UPDATE rollout_items SET state = 'PENDING', attempts = 0, run_after = ?,"
                  + " finished_at = NULL, updated_at = ? WHERE rollout_id = ? AND state = 'FAILED'",
              Timestamp.from(now),
              Timestamp.from(now),
              id);
      if (again == 0) {
        throw new FleetException(
            FleetError.ROLLOUT_STATE_CONFLICT, "The rollout has no failed store to retry");
      }
      update(
          c,
          "UPDATE rollouts SET state = 'RUNNING', pause_reason = NULL, finished_at = NULL,"
              + " generation = generation + 1, updated_at = ? WHERE id = ?",
          Timestamp.from(now),
          id);
      update(
          c,
          "UPDATE rollout_waves SET finished_at = NULL WHERE rollout_id = ? AND phase = "
              + "(SELECT phase FROM rollouts WHERE id = ?)",
          id,
          id);
      Start start = start(c, id);
      changed(id);
      return Map.entry(start, again);
    } catch (SQLException e) {
      throw unavailable("retry the rollout's failed stores", e);
    }
  }

  private static Start start(Connection c, UUID id) throws SQLException {
    return one(
        c,
        "SELECT r.phase, r.phase_starts_at, r.generation, w.parallelism FROM rollouts r"
            + " JOIN rollout_waves w ON w.rollout_id = r.id AND w.phase = r.phase WHERE r.id = ?",
        row ->
            new Start(
                row.getInt("phase"),
                row.getInt("parallelism"),
                row.getTimestamp("phase_starts_at").toInstant(),
                row.getInt("generation")),
        id);
  }

  private RolloutState lockedState(Connection c, UUID id) throws SQLException {
    return lockedStateIfAny(c, id).orElseThrow(() -> notFound(id));
  }

  private static Optional<RolloutState> lockedStateIfAny(Connection c, UUID id)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT state FROM rollouts WHERE id = ? FOR UPDATE")) {
      s.setObject(1, id);
      try (ResultSet row = s.executeQuery()) {
        return row.next() ? Optional.of(RolloutState.valueOf(row.getString(1))) : Optional.empty();
      }
    }
  }

  /**
   * The rollout's workers still queued (waiting for the soak or a store's retry): a cancelled
   * rollout cancels them rather than leave them in the queue until then.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Set<UUID> queuedWorkers(UUID id) {
    return jobs.jobIds(
        RolloutKind.NAME, RolloutKind.ROLLOUT, id.toString(), List.of(JobStatus.QUEUED));
  }

  private static Optional<Turn.Claimed> claimed(
      Connection c, int target, String sql, Object... values) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, values);
      try (ResultSet row = s.executeQuery()) {
        return row.next()
            ? Optional.of(
                new Turn.Claimed(
                    row.getObject("store_id", UUID.class),
                    row.getString("slug"),
                    row.getInt("attempts"),
                    target))
            : Optional.empty();
      }
    }
  }

  private static int running(Connection c, UUID id) throws SQLException {
    return one(
        c,
        "SELECT count(*) FROM rollout_items WHERE rollout_id = ? AND state = 'RUNNING'",
        row -> row.getInt(1),
        id);
  }

  private static Optional<Instant> nextRetry(Connection c, UUID id, int phase) throws SQLException {
    return one(
        c,
        "SELECT min(run_after) FROM rollout_items WHERE rollout_id = ? AND state = 'PENDING'"
            + " AND phase BETWEEN 0 AND ?",
        row -> RolloutReads.instant(row, "min"),
        id,
        phase);
  }

  /** A row of a query's result. */
  @FunctionalInterface
  private interface Row<T> {
    T read(ResultSet row) throws SQLException;
  }

  /** The first row of a query that always answers one (an aggregate), read by {@code read}. */
  private static <T> T one(Connection c, String sql, Row<T> read, Object... values)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, values);
      try (ResultSet row = s.executeQuery()) {
        row.next();
        return read.read(row);
      }
    }
  }

  private static int update(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, values);
      return s.executeUpdate();
    }
  }

  private static void bind(PreparedStatement s, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      s.setObject(i + 1, values[i]);
    }
  }

  static MasterDataException unavailable(String what, SQLException e) {
    return new MasterDataException(
        MasterError.MASTER_DATABASE_UNAVAILABLE, "Could not " + what + ": " + e.getSQLState());
  }

  private FleetException conflict(Connection c, UUID id, String message) throws SQLException {
    RolloutState state = lockedState(c, id);
    return new FleetException(
        FleetError.ROLLOUT_STATE_CONFLICT,
        message + "; this one is " + state.name().toLowerCase(Locale.ROOT));
  }

  static FleetException notFound(UUID id) {
    return new FleetException(FleetError.ROLLOUT_NOT_FOUND, "No rollout " + id);
  }

  private static String cut(String text) {
    return text == null || text.length() <= MESSAGE_LENGTH
        ? text
        : text.substring(0, MESSAGE_LENGTH - 3) + "...";
  }

  private void changed(UUID id) {
    bus.publish(RolloutChanged.TOPIC, new RolloutChanged(id));
  }
}
