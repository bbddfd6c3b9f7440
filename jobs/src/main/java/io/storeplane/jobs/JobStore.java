package io.storeplane.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The jobs in the master database ({@code jobs}, {@code job_steps}, {@code job_schedules}): the one
 * queue of durable work. Every method is one short transaction ({@link JobTransactions}). Every
 * write by a worker first checks, under the job's row lock, that the worker still holds the lease,
 * and throws {@link LeaseLostException} otherwise, so a worker presumed dead never overwrites the
 * work of the one that took over. Claims use {@code FOR UPDATE SKIP LOCKED}: this is the only queue
 * in the code base (an architecture test keeps it so).
 */
public final class JobStore {

  private static final int MAX_MESSAGE = 1000;
  private static final int MAX_ERROR = 2000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private static final String COLUMNS =
      "id, kind, store_id, status, current_step, progress, message, units_done, units_total,"
          + " attempt, failures, max_attempts, run_after, lease_owner, lease_expires_at,"
          + " cancel_requested, idempotency_key, exclusive_key, limit_key, schedule_name,"
          + " period_start, CAST(parameters AS text) AS parameters, error_code, error_message,"
          + " created_at, started_at, finished_at, updated_at";

  /** A step's columns, renamed so that they can stand beside a job's ({@link #step}). */
  private static final String STEP_COLUMNS =
      "step AS step_name, attempt AS step_attempt, status AS step_status, message AS step_message,"
          + " started_at AS step_started_at, finished_at AS step_finished_at";

  /** Records a step's end ({@link #endStepValues}). */
  private static final String END_STEP =
      "UPDATE job_steps SET status = ?, message = ?, finished_at = ? WHERE job_id = ? AND step = ?"
          + " AND attempt = ?";

  private final JobTransactions transactions;
  private final JobKinds kinds;
  private final JobChanges changes;

  public JobStore(JobTransactions transactions, JobKinds kinds, JobChanges changes) {
    this.transactions = transactions;
    this.kinds = kinds;
    this.changes = changes;
  }

  /** The kinds this store's instance knows (their limits and end hooks). */
  public JobKinds kinds() {
    return kinds;
  }

  /**
   * Begins a span on this thread ({@link JobTransactions#begin}): this store's writes join it until
   * it ends.
   */
  JobTransactions.Span begin() {
    return transactions.begin();
  }

  // ---------------------------------------------------------------- queueing and reading

  /**
   * Queues a job. A job with the same idempotency key returns that job instead.
   *
   * @throws JobException {@link JobError#JOB_KEY_BUSY} when another active job holds its exclusive
   *     key
   */
  public JobRecord enqueue(NewJob job, Instant now) {
    return transactions.inTransaction(
        c -> {
          if (job.idempotencyKey().isPresent()) {
            Optional<JobRecord> earlier = findBy(c, "idempotency_key = ?", job.idempotencyKey());
            if (earlier.isPresent()) {
              return earlier.get();
            }
          }
          if (job.exclusiveKey().isPresent()) {
            Optional<JobRecord> active = active(c, job.exclusiveKey().get());
            if (active.isPresent()) {
              throw busy(job.exclusiveKey().get(), active.get());
            }
          }
          UUID id = UUID.randomUUID();
          JobRecord queued;
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO jobs (id, kind, store_id, status, progress, message, units_done,"
                      + " units_total, attempt, failures, max_attempts, run_after,"
                      + " idempotency_key, exclusive_key, limit_key, parameters, created_at,"
                      + " updated_at) VALUES (?, ?, ?, 'QUEUED', 0, ?, 0, ?, 0, 0, ?, ?, ?, ?, ?,"
                      + " CAST(? AS jsonb), ?, ?) RETURNING "
                      + COLUMNS)) {
            s.setObject(1, id);
            s.setString(2, job.kind());
            s.setObject(3, job.storeId().orElse(null));
            s.setString(4, truncate(job.message(), MAX_MESSAGE));
            s.setInt(5, job.unitsTotal());
            s.setInt(6, job.maxAttempts());
            s.setObject(7, time(job.runAfter().orElse(now)));
            s.setString(8, job.idempotencyKey().orElse(null));
            s.setString(9, job.exclusiveKey().orElse(null));
            s.setString(10, job.limitKey().orElse(null));
            s.setString(11, json(job.parameters()));
            s.setObject(12, time(now));
            s.setObject(13, time(now));
            queued = one(s).orElseThrow();
          }
          changes.changed(c, id, job.kind(), JobStatus.QUEUED);
          return queued;
        });
  }

  public Optional<JobRecord> find(UUID id) {
    return transactions.inTransaction(c -> findBy(c, "id = ?", Optional.of(id)));
  }

  /** The job an idempotency key started. */
  public Optional<JobRecord> findByIdempotencyKey(String key) {
    return transactions.inTransaction(c -> findBy(c, "idempotency_key = ?", Optional.of(key)));
  }

  /** The queued or running job holding {@code exclusiveKey}, if any. */
  public Optional<JobRecord> findActive(String exclusiveKey) {
    return transactions.inTransaction(c -> active(c, exclusiveKey));
  }

  /**
   * The running job of {@code kind}, else its queued job due soonest, whichever queued it (a key, a
   * schedule, an operator); empty when none is queued or running.
   */
  public Optional<JobRecord> findActiveOfKind(String kind) {
    return transactions.inTransaction(
        c ->
            findBy(
                c,
                "kind = ? AND status IN ('QUEUED', 'RUNNING') ORDER BY status = 'RUNNING' DESC,"
                    + " run_after LIMIT 1",
                Optional.of(kind)));
  }

  /**
   * Makes a job that is queued for a later time due now, and wakes the workers as for a new job;
   * false, changing nothing, when the job is not queued or already due.
   */
  public boolean dueNow(UUID jobId, Instant now) {
    return transactions.inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE jobs SET run_after = ?, updated_at = ? WHERE id = ? AND status ="
                      + " 'QUEUED' AND run_after > ? RETURNING kind")) {
            s.setObject(1, time(now));
            s.setObject(2, time(now));
            s.setObject(3, jobId);
            s.setObject(4, time(now));
            try (ResultSet rs = s.executeQuery()) {
              if (!rs.next()) {
                return false;
              }
              changes.changed(c, jobId, rs.getString(1), JobStatus.QUEUED);
              return true;
            }
          }
        });
  }

  /**
   * Whether a job of {@code kind} is running, queued and due, or ended less than {@code quiet}
   * before {@code now}, anywhere in the cluster (a job waiting for a later time, a retry's backoff
   * say, does not count): the kind is busy, or was so a moment ago and most likely will be again.
   */
  public boolean activeWithin(String kind, Instant now, Duration quiet) {
    return transactions.inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT EXISTS (SELECT 1 FROM jobs WHERE kind = ? AND (status = 'RUNNING' OR"
                      + " (status = 'QUEUED' AND run_after <= ?))) OR EXISTS (SELECT 1 FROM jobs"
                      + " WHERE kind = ? AND finished_at IS NOT NULL AND finished_at > ?)")) {
            s.setString(1, kind);
            s.setObject(2, time(now));
            s.setString(3, kind);
            s.setObject(4, time(now.minus(quiet)));
            try (ResultSet rs = s.executeQuery()) {
              rs.next();
              return rs.getBoolean(1);
            }
          }
        });
  }

  /** The most recent job of {@code kind} for the store. */
  public Optional<JobRecord> latestForStore(UUID storeId, String kind) {
    return transactions.inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM jobs WHERE store_id = ? AND kind = ? ORDER BY created_at DESC"
                      + " LIMIT 1")) {
            s.setObject(1, storeId);
            s.setString(2, kind);
            return one(s);
          }
        });
  }

  /**
   * The job and its step log, oldest first, in one statement (one snapshot), in autocommit where
   * {@link JobTransactions#read} allows: a status stream reads this on every change of the job.
   */
  public Optional<JobView> view(UUID id) {
    return transactions.read(
        c -> {
          // the steps' columns are renamed so that COLUMNS names the job's alone
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + ", step_name, step_attempt, step_status, step_message, step_started_at,"
                      + " step_finished_at FROM jobs LEFT JOIN LATERAL (SELECT id AS step_id, "
                      + STEP_COLUMNS
                      + " FROM job_steps WHERE job_id = jobs.id) steps ON true WHERE id = ? ORDER"
                      + " BY step_id")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              JobRecord job = record(rs);
              List<JobStepRecord> steps = new ArrayList<>();
              do {
                if (rs.getString("step_name") != null) {
                  steps.add(step(id, rs));
                }
              } while (rs.next());
              return Optional.of(new JobView(job, steps));
            }
          }
        });
  }

  /** The job's step log, oldest first. */
  public List<JobStepRecord> steps(UUID jobId) {
    return transactions.inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT " + STEP_COLUMNS + " FROM job_steps WHERE job_id = ? ORDER BY id")) {
            s.setObject(1, jobId);
            List<JobStepRecord> steps = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                steps.add(step(jobId, rs));
              }
            }
            return steps;
          }
        });
  }

  /**
   * Which of {@code ids} are queued or running: work that owns something by a job's id (a rollout's
   * claimed stores) asks here whether the job can still finish it, rather than read the queue's
   * statuses itself.
   */
  public Set<UUID> liveJobIds(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return Set.of();
    }
    return transactions.inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT id FROM jobs WHERE id = ANY (?) AND status IN ('QUEUED', 'RUNNING')")) {
            s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            return ids(s);
          }
        });
  }

  /**
   * The jobs of {@code kind} in one of {@code statuses} whose parameter {@code parameter} is {@code
   * value} (the queued workers of one rollout, say).
   */
  public Set<UUID> jobIds(
      String kind, String parameter, String value, Collection<JobStatus> statuses) {
    if (statuses.isEmpty()) {
      return Set.of();
    }
    return transactions.inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT id FROM jobs WHERE kind = ? AND status = ANY (?)"
                      + " AND parameters ->> ? = ?")) {
            s.setString(1, kind);
            s.setArray(
                2, c.createArrayOf("text", statuses.stream().map(JobStatus::name).toArray()));
            s.setString(3, parameter);
            s.setString(4, value);
            return ids(s);
          }
        });
  }

  private static Set<UUID> ids(PreparedStatement s) throws SQLException {
    Set<UUID> ids = new HashSet<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getObject(1, UUID.class));
      }
    }
    return ids;
  }

  /**
   * Jobs, newest first, filtered by kind, status and store when given.
   *
   * @param page zero-based
   * @param size at most this many
   */
  public JobPage list(
      Optional<String> kind,
      Optional<JobStatus> status,
      Optional<UUID> storeId,
      int page,
      int size) {
    String where =
        " FROM jobs WHERE (CAST(? AS varchar) IS NULL OR kind = ?) AND (CAST(? AS varchar) IS NULL"
            + " OR status = ?) AND (CAST(? AS uuid) IS NULL OR store_id = ?)";
    return transactions.inTransaction(
        c -> {
          long total;
          try (PreparedStatement s = c.prepareStatement("SELECT count(*)" + where)) {
            filters(s, kind, status, storeId);
            try (ResultSet rs = s.executeQuery()) {
              rs.next();
              total = rs.getLong(1);
            }
          }
          List<JobRecord> items = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT " + COLUMNS + where + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?")) {
            filters(s, kind, status, storeId);
            s.setInt(7, size);
            s.setLong(8, (long) page * size);
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                items.add(record(rs));
              }
            }
          }
          return new JobPage(items, total);
        });
  }

  /**
   * One page of jobs.
   *
   * @param items the jobs on the page
   * @param total the jobs on every page
   */
  public record JobPage(List<JobRecord> items, long total) {}

  /** The recurring schedules every instance registered, by name. */
  public List<ScheduleRecord> schedules() {
    return transactions.inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT name, kind, cadence, next_run_at, last_period, updated_at FROM"
                      + " job_schedules ORDER BY name")) {
            List<ScheduleRecord> schedules = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                schedules.add(
                    new ScheduleRecord(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        instant(rs, 4),
                        instant(rs, 5),
                        instant(rs, 6)));
              }
            }
            return schedules;
          }
        });
  }

  /**
   * A recurring schedule as the master database holds it.
   *
   * @param name its name
   * @param kind the kind it queues
   * @param cadence {@code cron:<expression>} or {@code delay:<duration>}
   * @param nextRunAt when it is next due (null while a fixed-delay run is queued or running)
   * @param lastPeriod the last period it queued a job for
   * @param updatedAt last changed
   */
  public record ScheduleRecord(
      String name,
      String kind,
      String cadence,
      Instant nextRunAt,
      Instant lastPeriod,
      Instant updatedAt) {}

  /**
   * Asks to cancel a job: a queued job that never ran ends now (its kind hears {@link
   * JobEnd#CANCELLED_BEFORE_START}); one that ran or runs stops before its next step, and a queued
   * retry is made due now so a worker ends it at once. A job that already ended is returned as it
   * is: the caller tells its client.
   */
  public Optional<JobRecord> requestCancel(UUID jobId, Instant now) {
    return transactions.inTransaction(
        c -> {
          Optional<JobRecord> locked = findBy(c, "id = ? FOR UPDATE", Optional.of(jobId));
          if (locked.isEmpty() || locked.get().status().finished()) {
            return locked;
          }
          JobRecord job = locked.get();
          boolean neverRan = job.status() == JobStatus.QUEUED && job.attempt() == 0;
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE jobs SET cancel_requested = TRUE, updated_at = ?,"
                      + " status = CASE WHEN ? THEN 'CANCELLED' ELSE status END,"
                      + " message = CASE WHEN ? THEN 'Cancelled before it started' ELSE message"
                      + " END, finished_at = CASE WHEN ? THEN ? ELSE finished_at END,"
                      + " run_after = CASE WHEN status = 'QUEUED' THEN LEAST(run_after, ?) ELSE"
                      + " run_after END WHERE id = ?")) {
            s.setObject(1, time(now));
            s.setBoolean(2, neverRan);
            s.setBoolean(3, neverRan);
            s.setBoolean(4, neverRan);
            s.setObject(5, time(now));
            s.setObject(6, time(now));
            s.setObject(7, jobId);
            s.executeUpdate();
          }
          JobRecord after = findBy(c, "id = ?", Optional.of(jobId)).orElseThrow();
          if (neverRan) {
            kinds.get(job.kind()).ended(after, JobEnd.CANCELLED_BEFORE_START);
            fixedDelayAfter(c, after, now);
          }
          changes.changed(c, jobId, job.kind(), after.status());
          return Optional.of(after);
        });
  }

  /**
   * Per kind: jobs queued, running, and the age of the oldest job that is due but not yet taken.
   */
  public List<KindStats> stats(Instant now) {
    return transactions.inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT kind, count(*) FILTER (WHERE status = 'QUEUED'), count(*) FILTER"
                      + " (WHERE status = 'RUNNING'), min(run_after) FILTER (WHERE status ="
                      + " 'QUEUED' AND run_after <= ?) FROM jobs WHERE status IN ('QUEUED',"
                      + " 'RUNNING') GROUP BY kind")) {
            s.setObject(1, time(now));
            List<KindStats> stats = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                Instant oldest = instant(rs, 4);
                stats.add(
                    new KindStats(
                        rs.getString(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        oldest == null ? Duration.ZERO : Duration.between(oldest, now)));
              }
            }
            return stats;
          }
        });
  }

  /**
   * Jobs of one kind waiting and working.
   *
   * @param kind the kind
   * @param queued queued (due or not)
   * @param running running (a dead worker's job counts until it is taken over)
   * @param oldestDue how long the oldest due, untaken job has waited
   */
  public record KindStats(String kind, long queued, long running, Duration oldestDue) {}

  // ---------------------------------------------------------------- workers

  /**
   * Claims up to {@code max} runnable jobs of the given kinds: queued and due, or running with an
   * expired lease (a takeover, whose open steps are closed as {@link StepStatus#ABANDONED}). Kinds
   * with {@link JobLimits} are claimed under a per-kind advisory lock and skipped when at their
   * limit, cluster-wide. {@code only}, when given, limits the claim to that job (an operator's "run
   * this one now", or a test driving a worker).
   */
  public List<ClaimedJob> claim(
      String worker,
      Instant now,
      Duration lease,
      int max,
      List<String> kindNames,
      Optional<UUID> only) {
    if (max <= 0 || kindNames.isEmpty()) {
      return List.of();
    }
    return transactions.inTransaction(
        c -> {
          List<Candidate> candidates = candidates(c, now, max, kindNames, only);
          List<ClaimedJob> claimed = new ArrayList<>();
          for (Candidate candidate : candidates) {
            if (claimed.size() >= max) {
              break;
            }
            JobLimits limits =
                kinds.find(candidate.kind).map(JobKind::limits).orElse(JobLimits.NONE);
            if (limits.any() && atLimit(c, candidate, limits, now)) {
              continue;
            }
            claimed.add(take(c, candidate, worker, now, lease));
          }
          return claimed;
        });
  }

  /** Extends the lease; false when the worker no longer holds it. */
  public boolean renew(UUID jobId, String worker, Instant now, Duration lease) {
    return transactions.inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE jobs SET lease_expires_at = ?, updated_at = ? WHERE id = ? AND"
                      + " lease_owner = ? AND status = 'RUNNING'")) {
            s.setObject(1, time(now.plus(lease)));
            s.setObject(2, time(now));
            s.setObject(3, jobId);
            s.setString(4, worker);
            return s.executeUpdate() == 1;
          }
        });
  }

  /**
   * A step boundary, in one transaction and one statement: records how the steps since the job's
   * last write ended ({@code ended}, in the order they ran, with the job's parameters as they are
   * now and its progress; none before the first step): the one whose start was recorded is closed,
   * the ones run {@link JobContext#stepRecordedAfter recorded after} are recorded whole. Then,
   * unless someone asked to cancel the job, it starts step {@code next}. The lease is checked on
   * the job's row, and the cancel flag read from it, in the same statement.
   *
   * @return true when cancellation was asked for: {@code next} was not started (the earlier steps'
   *     ends are recorded all the same)
   * @throws LeaseLostException when the worker no longer holds the lease: nothing is written
   */
  public boolean step(
      UUID jobId,
      String worker,
      List<StepEnd> ended,
      String next,
      int attempt,
      Map<String, Object> parameters,
      Instant now) {
    List<Object> values = new ArrayList<>();
    StringBuilder sql = new StringBuilder("WITH job AS (UPDATE jobs SET ");
    boolean anyEnded = !ended.isEmpty();
    if (anyEnded) {
      sql.append("parameters = CAST(? AS jsonb), progress = GREATEST(progress, LEAST(100, ?)), ")
          .append("units_done = GREATEST(units_done, ?), ");
      values.add(json(parameters));
      values.add(progressOf(ended));
      values.add(unitsDoneOf(ended));
    }
    // on a cancel, the step that ran last (recorded after, perhaps) is the job's current step
    sql.append("current_step = CASE WHEN cancel_requested THEN COALESCE(?, current_step) ELSE ?")
        .append(" END, ");
    values.add(lastStepOf(ended));
    values.add(next);
    if (anyEnded) {
      sql.append("message = CASE WHEN cancel_requested THEN ? ELSE ? END, ");
      values.add(truncate(ended.get(ended.size() - 1).message(), MAX_MESSAGE));
    } else {
      sql.append("message = CASE WHEN cancel_requested THEN message ELSE ? END, ");
    }
    values.add(truncate("Running " + next, MAX_MESSAGE));
    sql.append("updated_at = ? WHERE id = ? AND lease_owner = ? AND status = 'RUNNING'")
        .append(" RETURNING kind, cancel_requested)");
    values.add(time(now));
    values.add(jobId);
    values.add(worker);
    int closed = 0;
    for (StepEnd end : ended) {
      if (end.startRecorded()) {
        sql.append(", closed")
            .append(closed++)
            .append(" AS (")
            .append(END_STEP.replace(" WHERE ", " FROM job WHERE "))
            .append(')');
        values.addAll(endStepValues(jobId, end));
      }
    }
    List<JobStepRecord> rows = wholeSteps(jobId, ended);
    rows.add(new JobStepRecord(jobId, next, attempt, StepStatus.RUNNING, null, now, null));
    sql.append(", started AS (")
        .append(insertSteps(rows, values, jobId, "job, "))
        .append(" WHERE v.status <> 'RUNNING' OR NOT job.cancel_requested ORDER BY v.ord)")
        .append(" SELECT kind, cancel_requested FROM job");
    return transactions.inTransaction(
        c -> {
          String kind;
          boolean cancel;
          try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (Object value : values) {
              s.setObject(i++, value);
            }
            try (ResultSet rs = s.executeQuery()) {
              if (!rs.next()) {
                throw new LeaseLostException(jobId, worker);
              }
              kind = rs.getString(1);
              cancel = rs.getBoolean(2);
            }
          }
          changes.changed(c, jobId, kind, JobStatus.RUNNING);
          return cancel;
        });
  }

  /** Progress inside a step; progress and units done never go down. */
  public void progress(
      UUID jobId, String worker, int progress, int unitsDone, String message, Instant now) {
    transactions.inTransaction(
        c -> {
          String kind =
              held(
                  c,
                  jobId,
                  worker,
                  "progress = GREATEST(progress, LEAST(100, ?)), units_done = GREATEST(units_done,"
                      + " LEAST(?, units_total)), message = ?, updated_at = ?",
                  progress,
                  unitsDone,
                  truncate(message, MAX_MESSAGE),
                  time(now));
          changes.changed(c, jobId, kind, JobStatus.RUNNING);
          return null;
        });
  }

  /**
   * Saves the job's parameters now, inside a step: what a kind must know after a crash before the
   * step ends (say, that it is about to create something) is durable before it acts.
   */
  public void saveParameters(
      UUID jobId, String worker, Map<String, Object> parameters, Instant now) {
    transactions.inTransaction(
        c -> {
          held(
              c,
              jobId,
              worker,
              "parameters = CAST(? AS jsonb), updated_at = ?",
              json(parameters),
              time(now));
          return null;
        });
  }

  /**
   * Ends the job (succeeded, failed or cancelled), records how the steps since its last write ended
   * ({@code lastSteps}, in the order they ran; empty when they are recorded already), releases the
   * lease and tells the kind inside the same transaction; a fixed-delay schedule's next run is set
   * from now.
   */
  public JobRecord finish(
      UUID jobId,
      String worker,
      List<StepEnd> lastSteps,
      JobStatus status,
      String message,
      String errorCode,
      String errorMessage,
      Map<String, Object> parameters,
      int failures,
      Instant now) {
    if (!status.finished()) {
      throw new IllegalArgumentException(status + " is not an end");
    }
    boolean succeeded = status == JobStatus.SUCCEEDED;
    // steps recorded after ran since the last check of the cancel flag: a success checks it
    boolean unlessCancelled =
        succeeded && lastSteps.stream().anyMatch(step -> !step.startRecorded());
    return transactions.inTransaction(
        c -> {
          JobRecord ended =
              held(
                  c,
                  jobId,
                  worker,
                  unlessCancelled,
                  COLUMNS,
                  JobStore::record,
                  "status = ?, message = ?, error_code = ?, error_message = ?, parameters ="
                      + " CAST(? AS jsonb), failures = ?, lease_owner = NULL, lease_expires_at ="
                      + " NULL, finished_at = ?, updated_at = ?, progress = CASE WHEN ? THEN 100"
                      + " ELSE GREATEST(progress, LEAST(100, ?)) END, units_done = CASE WHEN ?"
                      + " THEN units_total ELSE GREATEST(units_done, ?) END, current_step ="
                      + " COALESCE(?, current_step)",
                  status.name(),
                  truncate(message, MAX_MESSAGE),
                  errorCode,
                  truncate(errorMessage, MAX_ERROR),
                  json(parameters),
                  failures,
                  time(now),
                  time(now),
                  succeeded,
                  progressOf(lastSteps),
                  succeeded,
                  unitsDoneOf(lastSteps),
                  lastStepOf(lastSteps));
          recordEnds(c, jobId, lastSteps);
          kinds
              .get(ended.kind())
              .ended(
                  ended,
                  switch (status) {
                    case SUCCEEDED -> JobEnd.SUCCEEDED;
                    case FAILED -> JobEnd.FAILED;
                    default -> JobEnd.CANCELLED;
                  });
          fixedDelayAfter(c, ended, now);
          changes.changed(c, jobId, ended.kind(), status);
          return ended;
        });
  }

  /**
   * Puts the job back in the queue until {@code runAfter} (a retry, or a step that waits) and
   * records how the steps since its last write ended ({@code lastSteps}, in the order they ran;
   * empty when they are recorded already).
   */
  public void requeue(
      UUID jobId,
      String worker,
      List<StepEnd> lastSteps,
      Instant runAfter,
      String message,
      String errorCode,
      String errorMessage,
      Map<String, Object> parameters,
      int failures,
      Instant now) {
    transactions.inTransaction(
        c -> {
          String kind =
              held(
                  c,
                  jobId,
                  worker,
                  "status = 'QUEUED', run_after = ?, message = ?, error_code = ?, error_message ="
                      + " ?, parameters = CAST(? AS jsonb), failures = ?, lease_owner = NULL,"
                      + " lease_expires_at = NULL, updated_at = ?, progress = GREATEST(progress,"
                      + " LEAST(100, ?)), units_done = GREATEST(units_done, ?), current_step ="
                      + " COALESCE(?, current_step)",
                  time(runAfter),
                  truncate(message, MAX_MESSAGE),
                  errorCode,
                  truncate(errorMessage, MAX_ERROR),
                  json(parameters),
                  failures,
                  time(now),
                  progressOf(lastSteps),
                  unitsDoneOf(lastSteps),
                  lastStepOf(lastSteps));
          recordEnds(c, jobId, lastSteps);
          changes.changed(c, jobId, kind, JobStatus.QUEUED);
          return null;
        });
  }

  // ---------------------------------------------------------------- schedules

  /**
   * Makes the schedules' rows exist: a new schedule is first due at its cadence's next tick (a
   * fixed delay: now); a schedule whose cadence changed is due at the new cadence's next tick; an
   * unchanged one keeps its place. Every instance calls it at start.
   */
  public void registerSchedules(List<JobSchedule> schedules, Instant now) {
    if (schedules.isEmpty()) {
      return;
    }
    transactions.inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO job_schedules (name, kind, cadence, next_run_at, updated_at) VALUES"
                      + " (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET kind = EXCLUDED.kind,"
                      + " cadence = EXCLUDED.cadence, next_run_at = CASE WHEN job_schedules.cadence"
                      + " = EXCLUDED.cadence THEN job_schedules.next_run_at ELSE"
                      + " EXCLUDED.next_run_at END, updated_at = CASE WHEN job_schedules.cadence ="
                      + " EXCLUDED.cadence AND job_schedules.kind = EXCLUDED.kind THEN"
                      + " job_schedules.updated_at ELSE EXCLUDED.updated_at END")) {
            for (JobSchedule schedule : schedules) {
              Instant first =
                  schedule.cadence() instanceof Cadence.FixedDelay
                      ? now
                      : schedule.cadence().next(now);
              s.setString(1, schedule.name());
              s.setString(2, schedule.kind());
              s.setString(3, schedule.cadence().text());
              s.setObject(4, time(first));
              s.setObject(5, time(now));
              s.addBatch();
            }
            s.executeBatch();
          }
          return null;
        });
  }

  /**
   * Queues one job for every due schedule among {@code schedules} and moves each to its next
   * period: the first tick after now, so periods missed while no instance ran make one job, not one
   * per tick. Schedules are locked with {@code SKIP LOCKED} and each period is unique, so a period
   * runs once however many instances are due at once.
   *
   * @return the jobs queued
   */
  public List<UUID> enqueueDue(List<JobSchedule> schedules, Instant now) {
    if (schedules.isEmpty()) {
      return List.of();
    }
    Map<String, JobSchedule> byName = new HashMap<>();
    schedules.forEach(schedule -> byName.put(schedule.name(), schedule));
    return transactions.inTransaction(
        c -> {
          List<UUID> queued = new ArrayList<>();
          List<Object[]> due = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT name, next_run_at FROM job_schedules WHERE next_run_at <= ? AND name ="
                      + " ANY (?) ORDER BY next_run_at FOR UPDATE SKIP LOCKED")) {
            s.setObject(1, time(now));
            s.setArray(2, c.createArrayOf("varchar", byName.keySet().toArray()));
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                due.add(new Object[] {rs.getString(1), instant(rs, 2)});
              }
            }
          }
          for (Object[] row : due) {
            JobSchedule schedule = byName.get((String) row[0]);
            Instant period = (Instant) row[1];
            Map<String, Object> parameters = new HashMap<>(schedule.parameters());
            parameters.put("period", period.toString());
            UUID id = UUID.randomUUID();
            int inserted;
            try (PreparedStatement s =
                c.prepareStatement(
                    "INSERT INTO jobs (id, kind, status, progress, message, units_done,"
                        + " units_total, attempt, failures, max_attempts, run_after,"
                        + " schedule_name, period_start, parameters, created_at, updated_at)"
                        + " VALUES (?, ?, 'QUEUED', 0, ?, 0, 0, 0, 0, 5, ?, ?, ?, CAST(? AS"
                        + " jsonb), ?, ?) ON CONFLICT (schedule_name, period_start) DO NOTHING")) {
              s.setObject(1, id);
              s.setString(2, schedule.kind());
              s.setString(3, "Queued by schedule " + schedule.name() + " for " + period);
              s.setObject(4, time(now));
              s.setString(5, schedule.name());
              s.setObject(6, time(period));
              s.setString(7, json(parameters));
              s.setObject(8, time(now));
              s.setObject(9, time(now));
              inserted = s.executeUpdate();
            }
            if (inserted == 1) {
              queued.add(id);
              changes.changed(c, id, schedule.kind(), JobStatus.QUEUED);
            }
            boolean waitsForEnd = schedule.cadence() instanceof Cadence.FixedDelay && inserted == 1;
            try (PreparedStatement s =
                c.prepareStatement(
                    "UPDATE job_schedules SET next_run_at = ?, last_period = ?, updated_at = ?"
                        + " WHERE name = ?")) {
              if (waitsForEnd) {
                s.setNull(1, Types.TIMESTAMP_WITH_TIMEZONE);
              } else {
                s.setObject(1, time(schedule.cadence().next(now)));
              }
              s.setObject(2, time(period));
              s.setObject(3, time(now));
              s.setString(4, schedule.name());
              s.executeUpdate();
            }
          }
          return queued;
        });
  }

  /**
   * Deletes the finished jobs that schedules queued and that ended before {@code endedBefore}, with
   * their step logs: a schedule's history is kept for a while, not forever (other jobs are kept).
   *
   * @return the jobs deleted
   */
  public int purgeScheduledHistory(Instant endedBefore) {
    return transactions.inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "DELETE FROM jobs WHERE schedule_name IS NOT NULL AND status IN ('SUCCEEDED',"
                      + " 'FAILED', 'CANCELLED') AND finished_at < ?")) {
            s.setObject(1, time(endedBefore));
            return s.executeUpdate();
          }
        });
  }

  // ---------------------------------------------------------------- internals

  private record Candidate(
      UUID id, String kind, String limitKey, boolean takeover, String owner, Instant due) {}

  /**
   * Runnable jobs, locked: first running jobs whose lease expired (takeovers), then queued jobs
   * that are due, oldest first. Two queries, each an index range (jobs_leases, jobs_queued), so a
   * claim costs the same with ten or a hundred thousand jobs queued.
   */
  private List<Candidate> candidates(
      Connection c, Instant now, int max, List<String> kindNames, Optional<UUID> only)
      throws SQLException {
    // Look past a few candidates a limit may hold back.
    int wanted = Math.min(max * 4, max + 64);
    List<Candidate> candidates = new ArrayList<>();
    Array kinds = c.createArrayOf("varchar", kindNames.toArray());
    lock(
        c,
        "status = 'RUNNING' AND lease_expires_at < ?",
        "lease_owner, lease_expires_at",
        "lease_expires_at",
        now,
        kinds,
        only,
        wanted,
        true,
        candidates);
    if (candidates.size() < wanted) {
      lock(
          c,
          "status = 'QUEUED' AND run_after <= ?",
          "lease_owner, run_after",
          "run_after, created_at",
          now,
          kinds,
          only,
          wanted - candidates.size(),
          false,
          candidates);
    }
    return candidates;
  }

  /** Locks up to {@code limit} jobs matching {@code where} (one index range) into {@code into}. */
  private static void lock(
      Connection c,
      String where,
      String columns,
      String order,
      Instant now,
      Array kinds,
      Optional<UUID> only,
      int limit,
      boolean takeover,
      List<Candidate> into)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT id, kind, limit_key, "
                + columns
                + " FROM jobs WHERE "
                + where
                + " AND kind = ANY (?) AND (CAST(? AS uuid) IS NULL OR id = CAST(? AS uuid)) ORDER"
                + " BY "
                + order
                + " LIMIT ? FOR UPDATE SKIP LOCKED")) {
      s.setObject(1, time(now));
      s.setArray(2, kinds);
      s.setObject(3, only.orElse(null));
      s.setObject(4, only.orElse(null));
      s.setInt(5, limit);
      read(s, takeover, into);
    }
  }

  private static void read(PreparedStatement s, boolean takeover, List<Candidate> into)
      throws SQLException {
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        into.add(
            new Candidate(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                takeover,
                rs.getString(4),
                instant(rs, 5)));
      }
    }
  }

  private static boolean atLimit(Connection c, Candidate candidate, JobLimits limits, Instant now)
      throws SQLException {
    // Serializes the claims of one limited kind across instances until this transaction ends, so
    // the count below cannot be raced.
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT pg_advisory_xact_lock(hashtext('storeplane.jobs'), hashtext(?))")) {
      s.setString(1, candidate.kind);
      s.execute();
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT count(*), count(*) FILTER (WHERE limit_key = ?) FROM jobs WHERE kind = ? AND"
                + " status = 'RUNNING' AND lease_expires_at >= ? AND id <> ?")) {
      s.setString(1, candidate.limitKey);
      s.setString(2, candidate.kind);
      s.setObject(3, time(now));
      s.setObject(4, candidate.id);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        long running = rs.getLong(1);
        long sameKey = rs.getLong(2);
        return (limits.maxRunning() > 0 && running >= limits.maxRunning())
            || (limits.maxPerKey() > 0
                && candidate.limitKey != null
                && sameKey >= limits.maxPerKey());
      }
    }
  }

  private ClaimedJob take(
      Connection c, Candidate candidate, String worker, Instant now, Duration lease)
      throws SQLException {
    ClaimedJob claimed;
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE jobs SET status = 'RUNNING', lease_owner = ?, lease_expires_at = ?, attempt ="
                + " attempt + 1, started_at = COALESCE(started_at, ?), updated_at = ? WHERE id = ?"
                + " RETURNING id, kind, store_id, attempt, failures, progress, CAST(parameters AS"
                + " text)")) {
      s.setString(1, worker);
      s.setObject(2, time(now.plus(lease)));
      s.setObject(3, time(now));
      s.setObject(4, time(now));
      s.setObject(5, candidate.id);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        claimed =
            new ClaimedJob(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                Optional.ofNullable(rs.getObject(3, UUID.class)),
                rs.getInt(4),
                rs.getInt(5),
                rs.getInt(6),
                parameters(rs.getString(7)),
                candidate.takeover,
                candidate.due);
      }
    }
    if (candidate.takeover) {
      try (PreparedStatement s =
          c.prepareStatement(
              "UPDATE job_steps SET status = 'ABANDONED', finished_at = ?, message = ? WHERE"
                  + " job_id = ? AND status = 'RUNNING'")) {
        s.setObject(1, time(now));
        s.setString(
            2,
            truncate(
                "Abandoned: worker %s stopped while it ran; %s took the job over"
                    .formatted(candidate.owner, worker),
                MAX_MESSAGE));
        s.setObject(3, candidate.id);
        s.executeUpdate();
      }
    }
    changes.changed(c, claimed.id(), claimed.kind(), JobStatus.RUNNING);
    return claimed;
  }

  /**
   * Updates the job the worker holds: {@code set} is the SET clause, {@code values} its parameters.
   * Locks the row first; throws {@link LeaseLostException} when the worker no longer holds the
   * lease. Returns the job's kind.
   */
  private static String held(Connection c, UUID jobId, String worker, String set, Object... values)
      throws SQLException {
    return held(c, jobId, worker, false, set, values);
  }

  /**
   * As {@link #held(Connection, UUID, String, String, Object...)}; with {@code unlessCancelled},
   * writes nothing and throws {@link CancelRequested} when someone asked to cancel the job.
   */
  private static String held(
      Connection c,
      UUID jobId,
      String worker,
      boolean unlessCancelled,
      String set,
      Object... values)
      throws SQLException {
    return held(c, jobId, worker, unlessCancelled, "kind", rs -> rs.getString(1), set, values);
  }

  /** A row of a result, read. */
  @FunctionalInterface
  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /**
   * As {@link #held(Connection, UUID, String, boolean, String, Object...)}, answering {@code
   * returning} (columns of the job as written) read by {@code row}.
   */
  private static <T> T held(
      Connection c,
      UUID jobId,
      String worker,
      boolean unlessCancelled,
      String returning,
      Row<T> row,
      String set,
      Object... values)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE jobs SET "
                + set
                + " WHERE id = ? AND lease_owner = ? AND status = 'RUNNING'"
                + (unlessCancelled ? " AND NOT cancel_requested" : "")
                + " RETURNING "
                + returning)) {
      int i = 1;
      for (Object value : values) {
        s.setObject(i++, value);
      }
      s.setObject(i++, jobId);
      s.setString(i, worker);
      try (ResultSet rs = s.executeQuery()) {
        if (rs.next()) {
          return row.read(rs);
        }
      }
    }
    if (unlessCancelled && cancelAskedOfHeld(c, jobId, worker)) {
      throw CancelRequested.beforeTheEnd();
    }
    throw new LeaseLostException(jobId, worker);
  }

  /** Whether the worker holds the job and someone asked to cancel it. */
  private static boolean cancelAskedOfHeld(Connection c, UUID jobId, String worker)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT cancel_requested FROM jobs WHERE id = ? AND lease_owner = ? AND status ="
                + " 'RUNNING'")) {
      s.setObject(1, jobId);
      s.setString(2, worker);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  /**
   * Records how the steps since the job's last write ended, in the order they ran, in one
   * statement: closes the one whose start is recorded and inserts the ones {@link
   * JobContext#stepRecordedAfter recorded after} whole.
   */
  private static void recordEnds(Connection c, UUID jobId, List<StepEnd> ended)
      throws SQLException {
    if (ended.isEmpty()) {
      return;
    }
    if (ended.stream().skip(1).anyMatch(StepEnd::startRecorded)) {
      // only the step the last write started can have its start recorded, and it ran first
      throw new IllegalArgumentException("Only the first of the steps to record has a start");
    }
    List<Object> values = new ArrayList<>();
    StringBuilder sql = new StringBuilder();
    List<JobStepRecord> rows = wholeSteps(jobId, ended);
    int closed = 0;
    for (StepEnd end : ended) {
      if (end.startRecorded()) {
        if (rows.isEmpty()) {
          sql.append(END_STEP);
        } else {
          sql.append(closed == 0 ? "WITH " : ", ")
              .append("closed")
              .append(closed)
              .append(" AS (")
              .append(END_STEP)
              .append(") ");
        }
        closed++;
        values.addAll(endStepValues(jobId, end));
      }
    }
    if (!rows.isEmpty()) {
      sql.append(insertSteps(rows, values, jobId, "")).append(" ORDER BY v.ord");
    }
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      int i = 1;
      for (Object value : values) {
        s.setObject(i++, value);
      }
      s.executeUpdate();
    }
  }

  /** The steps among {@code ended} whose start is not recorded yet, to insert whole. */
  private static List<JobStepRecord> wholeSteps(UUID jobId, List<StepEnd> ended) {
    List<JobStepRecord> rows = new ArrayList<>();
    for (StepEnd end : ended) {
      if (!end.startRecorded()) {
        rows.add(
            new JobStepRecord(
                jobId,
                end.step(),
                end.attempt(),
                end.status(),
                truncate(end.message(), MAX_MESSAGE),
                end.startedAt(),
                end.at()));
      }
    }
    return rows;
  }

  /**
   * {@code INSERT INTO job_steps ... SELECT ... FROM <from>(VALUES ...) AS v}, one row of {@code v}
   * per step numbered in order ({@code v.ord}), its values added to {@code values}; the caller
   * appends the {@code WHERE} and the {@code ORDER BY v.ord} that keeps the steps' ids in order.
   */
  private static String insertSteps(
      List<JobStepRecord> rows, List<Object> values, UUID jobId, String from) {
    StringBuilder sql =
        new StringBuilder(
                "INSERT INTO job_steps (job_id, step, attempt, status, message, started_at,"
                    + " finished_at) SELECT ?, v.step, v.attempt, v.status, v.message, v.started_at,"
                    + " v.finished_at FROM ")
            .append(from)
            .append("(VALUES ");
    values.add(jobId);
    for (int i = 0; i < rows.size(); i++) {
      JobStepRecord row = rows.get(i);
      sql.append(i == 0 ? "" : ", ")
          .append("(CAST(? AS integer), CAST(? AS varchar), CAST(? AS integer), CAST(? AS")
          .append(" varchar), CAST(? AS varchar), CAST(? AS timestamptz), CAST(? AS timestamptz))");
      values.add(i);
      values.add(row.step());
      values.add(row.attempt());
      values.add(row.status().name());
      values.add(row.message());
      values.add(time(row.startedAt()));
      values.add(time(row.finishedAt()));
    }
    return sql.append(") AS v (ord, step, attempt, status, message, started_at, finished_at)")
        .toString();
  }

  /** The name of the step that ran last among {@code ended}; null when there is none. */
  private static String lastStepOf(List<StepEnd> ended) {
    return ended.isEmpty() ? null : ended.get(ended.size() - 1).step();
  }

  /** The progress to raise the job to once {@code ended} are recorded: the highest of theirs. */
  private static int progressOf(List<StepEnd> ended) {
    return ended.stream().mapToInt(StepEnd::progress).max().orElse(-1);
  }

  /** The units done once {@code ended} are recorded: the highest of theirs. */
  private static int unitsDoneOf(List<StepEnd> ended) {
    return ended.stream().mapToInt(StepEnd::unitsDone).max().orElse(-1);
  }

  private static List<Object> endStepValues(UUID jobId, StepEnd ended) {
    return Arrays.asList(
        ended.status().name(),
        truncate(ended.message(), MAX_MESSAGE),
        time(ended.at()),
        jobId,
        ended.step(),
        ended.attempt());
  }

  private static void fixedDelayAfter(Connection c, JobRecord job, Instant now)
      throws SQLException {
    if (job.scheduleName() == null) {
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE job_schedules SET next_run_at = CAST(? AS timestamptz) + CAST(substring(cadence"
                + " FROM 7) AS interval), updated_at = ? WHERE name = ? AND next_run_at IS NULL AND"
                + " cadence LIKE 'delay:%'")) {
      s.setObject(1, time(now));
      s.setObject(2, time(now));
      s.setString(3, job.scheduleName());
      s.executeUpdate();
    }
  }

  private static void filters(
      PreparedStatement s, Optional<String> kind, Optional<JobStatus> status, Optional<UUID> store)
      throws SQLException {
    s.setString(1, kind.orElse(null));
    s.setString(2, kind.orElse(null));
    s.setString(3, status.map(Enum::name).orElse(null));
    s.setString(4, status.map(Enum::name).orElse(null));
    s.setObject(5, store.orElse(null));
    s.setObject(6, store.orElse(null));
  }

  private static Optional<JobRecord> active(Connection c, String exclusiveKey) throws SQLException {
    return findBy(
        c, "exclusive_key = ? AND status IN ('QUEUED', 'RUNNING')", Optional.of(exclusiveKey));
  }

  private static JobException busy(String key, JobRecord active) {
    return new JobException(
        JobError.JOB_KEY_BUSY,
        "Job %s (%s, %s) already holds %s."
            .formatted(active.id(), active.kind(), active.status().name().toLowerCase(), key));
  }

  private static Optional<JobRecord> findBy(Connection c, String where, Optional<?> value)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE " + where)) {
      s.setObject(1, value.orElse(null));
      return one(s);
    }
  }

  private static Optional<JobRecord> one(PreparedStatement s) throws SQLException {
    try (ResultSet rs = s.executeQuery()) {
      return rs.next() ? Optional.of(record(rs)) : Optional.empty();
    }
  }

  private static JobRecord record(ResultSet rs) throws SQLException {
    return new JobRecord(
        rs.getObject("id", UUID.class),
        rs.getString("kind"),
        Optional.ofNullable(rs.getObject("store_id", UUID.class)),
        JobStatus.valueOf(rs.getString("status")),
        rs.getString("current_step"),
        rs.getInt("progress"),
        rs.getString("message"),
        rs.getInt("units_done"),
        rs.getInt("units_total"),
        rs.getInt("attempt"),
        rs.getInt("failures"),
        rs.getInt("max_attempts"),
        instant(rs, "run_after"),
        rs.getString("lease_owner"),
        instant(rs, "lease_expires_at"),
        rs.getBoolean("cancel_requested"),
        rs.getString("idempotency_key"),
        rs.getString("exclusive_key"),
        rs.getString("limit_key"),
        rs.getString("schedule_name"),
        instant(rs, "period_start"),
        parameters(rs.getString("parameters")),
        rs.getString("error_code"),
        rs.getString("error_message"),
        instant(rs, "created_at"),
        instant(rs, "started_at"),
        instant(rs, "finished_at"),
        instant(rs, "updated_at"));
  }

  private static JobStepRecord step(UUID jobId, ResultSet rs) throws SQLException {
    return new JobStepRecord(
        jobId,
        rs.getString("step_name"),
        rs.getInt("step_attempt"),
        StepStatus.valueOf(rs.getString("step_status")),
        rs.getString("step_message"),
        instant(rs, "step_started_at"),
        instant(rs, "step_finished_at"));
  }

  private static Map<String, Object> parameters(String json) {
    try {
      return json == null ? new HashMap<>() : new HashMap<>(JSON.readValue(json, MAP));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A job's parameters are not a JSON object", e);
    }
  }

  private static String json(Map<String, Object> parameters) {
    try {
      return JSON.writeValueAsString(parameters);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("A job's parameters must be JSON values", e);
    }
  }

  private static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static String truncate(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
  }
}
