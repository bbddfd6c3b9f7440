package io.storeplane.fleet.rollout;

import static io.storeplane.fleet.rollout.RolloutRecords.unavailable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storeplane.master.store.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Reads rollouts from the master ({@code rollouts}, {@code rollout_waves}, {@code rollout_items}):
 * a rollout with its phases, counts and time left, the list, a page of its stores. {@link
 * RolloutRecords} writes them.
 */
@ApplicationScoped
public class RolloutReads {

  private static final String ROLLOUT =
      "SELECT id, target_version, selector::text AS selector, max_failure_rate, on_failure, state,"
          + " phase, phase_starts_at, pause_reason, generation, created_by, created_at, updated_at,"
          + " finished_at, require_clean_preflight FROM rollouts";

  private final DataSource master;
  private final ObjectMapper json = new ObjectMapper();

  RolloutReads(DataSource master) {
    this.master = master;
  }

  /** The rollout as it stands, with its phases, counts and time left. */
  public Optional<Rollout> find(UUID id, Instant now) {
    try (Connection c = master.getConnection();
        PreparedStatement s = c.prepareStatement(ROLLOUT + " WHERE id = ?")) {
      s.setObject(1, id);
      try (ResultSet row = s.executeQuery()) {
        return row.next() ? Optional.of(rollout(c, row, now)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw unavailable("read the rollout", e);
    }
  }

  /** Rollouts, newest first. */
  public Page<Rollout> list(int page, int size, Instant now) {
    try (Connection c = master.getConnection()) {
      long total;
      try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM rollouts");
          ResultSet row = s.executeQuery()) {
        row.next();
        total = row.getLong(1);
      }
      List<Rollout> rollouts = new ArrayList<>();
      try (PreparedStatement s =
          c.prepareStatement(ROLLOUT + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?")) {
        s.setInt(1, size);
        s.setLong(2, (long) page * size);
        try (ResultSet row = s.executeQuery()) {
          while (row.next()) {
            rollouts.add(rollout(c, row, now));
          }
        }
      }
      return new Page<>(rollouts, page, size, total);
    } catch (SQLException e) {
      throw unavailable("list the rollouts", e);
    }
  }

  /** A rollout's stores by phase and position, optionally of one state. */
  public Page<Rollout.Item> items(UUID id, Optional<ItemState> state, int page, int size) {
    String where = " WHERE i.rollout_id = ?" + (state.isPresent() ? " AND i.state = ?" : "");
    try (Connection c = master.getConnection()) {
      long total;
      try (PreparedStatement s =
          c.prepareStatement("SELECT count(*) FROM rollout_items i" + where)) {
        s.setObject(1, id);
        if (state.isPresent()) {
          s.setString(2, state.get().name());
        }
        try (ResultSet row = s.executeQuery()) {
          row.next();
          total = row.getLong(1);
        }
      }
      List<Rollout.Item> items = new ArrayList<>();
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT i.*, s.slug FROM rollout_items i JOIN stores s ON s.id = i.store_id"
                  + where
                  + " ORDER BY i.phase < 0, i.phase, i.position LIMIT ? OFFSET ?")) {
        int p = 1;
        s.setObject(p++, id);
        if (state.isPresent()) {
          s.setString(p++, state.get().name());
        }
        s.setInt(p++, size);
        s.setLong(p, (long) page * size);
        try (ResultSet row = s.executeQuery()) {
          while (row.next()) {
            items.add(item(row));
          }
        }
      }
      return new Page<>(items, page, size, total);
    } catch (SQLException e) {
      throw unavailable("read the rollout's stores", e);
    }
  }

  private Rollout rollout(Connection c, ResultSet row, Instant now) throws SQLException {
    UUID id = row.getObject("id", UUID.class);
    RolloutState state = RolloutState.valueOf(row.getString("state"));
    int current = row.getInt("phase");
    Instant phaseStartsAt = row.getTimestamp("phase_starts_at").toInstant();
    Map<Integer, Rollout.Counts> byPhase = new HashMap<>();
    Rollout.Counts all = Rollout.Counts.NONE;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT phase, state, count(*) AS n FROM rollout_items WHERE rollout_id = ?"
                + " GROUP BY phase, state")) {
      s.setObject(1, id);
      try (ResultSet counts = s.executeQuery()) {
        while (counts.next()) {
          ItemState itemState = ItemState.valueOf(counts.getString("state"));
          int n = counts.getInt("n");
          byPhase.merge(
              counts.getInt("phase"),
              Rollout.Counts.NONE.plus(itemState, n),
              (a, b) -> a.plus(itemState, n));
          all = all.plus(itemState, n);
        }
      }
    }
    List<Rollout.Phase> phases = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement("SELECT * FROM rollout_waves WHERE rollout_id = ? ORDER BY phase")) {
      s.setObject(1, id);
      try (ResultSet wave = s.executeQuery()) {
        while (wave.next()) {
          int phase = wave.getInt("phase");
          int percent = wave.getInt("percent");
          phases.add(
              new Rollout.Phase(
                  phase,
                  wave.wasNull() ? Optional.empty() : Optional.of(percent),
                  wave.getInt("parallelism"),
                  Duration.ofMillis(wave.getLong("soak_ms")),
                  wave.getInt("store_count"),
                  instant(wave, "started_at"),
                  instant(wave, "finished_at"),
                  byPhase.getOrDefault(phase, Rollout.Counts.NONE)));
        }
      }
    }
    Optional<Duration> timeLeft =
        state == RolloutState.RUNNING
            ? timeLeft(c, id, current, phaseStartsAt, phases, now)
            : Optional.empty();
    try {
      return new Rollout(
          id,
          row.getInt("target_version"),
          json.readValue(row.getString("selector"), StoreSelection.class),
          row.getDouble("max_failure_rate"),
          RolloutPlan.OnFailure.valueOf(row.getString("on_failure")),
          row.getBoolean("require_clean_preflight"),
          state,
          current,
          phaseStartsAt,
          Optional.ofNullable(row.getString("pause_reason")),
          Optional.ofNullable(row.getString("created_by")),
          row.getTimestamp("created_at").toInstant(),
          row.getTimestamp("updated_at").toInstant(),
          instant(row, "finished_at"),
          phases,
          all,
          timeLeft);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A rollout's selector is always a store selection", e);
    }
  }

  /**
   * The average migration of this rollout so far, times each phase's stores left, over the
   * parallelism they will run at; plus the soak left. Empty before any store was migrated.
   */
  private static Optional<Duration> timeLeft(
      Connection c,
      UUID id,
      int current,
      Instant phaseStartsAt,
      List<Rollout.Phase> phases,
      Instant now)
      throws SQLException {
    double average;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT avg(duration_ms) FROM rollout_items WHERE rollout_id = ? AND state = 'APPLIED'")) {
      s.setObject(1, id);
      try (ResultSet row = s.executeQuery()) {
        row.next();
        average = row.getDouble(1);
        if (row.wasNull()) {
          return Optional.empty();
        }
      }
    }
    double millis = 0;
    for (Rollout.Phase phase : phases) {
      int left = phase.counts().pending() + phase.counts().running();
      int parallelism =
          phases.get(Math.min(phases.size() - 1, Math.max(phase.phase(), current))).parallelism();
      millis += average * left / parallelism;
      if (phase.phase() == 0 && current == 0 && phase.storeCount() > 0) {
        millis += phase.soak().toMillis();
      }
    }
    if (phaseStartsAt.isAfter(now)) {
      millis += Duration.between(now, phaseStartsAt).toMillis();
    }
    return Optional.of(Duration.ofMillis(Math.round(millis)));
  }

  private static Rollout.Item item(ResultSet row) throws SQLException {
    int from = row.getInt("from_version");
    Optional<Integer> fromVersion = row.wasNull() ? Optional.empty() : Optional.of(from);
    int to = row.getInt("to_version");
    Optional<Integer> toVersion = row.wasNull() ? Optional.empty() : Optional.of(to);
    long duration = row.getLong("duration_ms");
    Optional<Long> durationMs = row.wasNull() ? Optional.empty() : Optional.of(duration);
    return new Rollout.Item(
        row.getObject("store_id", UUID.class),
        row.getString("slug"),
        row.getInt("phase"),
        ItemState.valueOf(row.getString("state")),
        row.getInt("attempts"),
        fromVersion,
        toVersion,
        instant(row, "started_at"),
        instant(row, "finished_at"),
        durationMs,
        Optional.ofNullable(row.getString("error_code")),
        Optional.ofNullable(row.getString("error_message")));
  }

  static Optional<Instant> instant(ResultSet row, String column) throws SQLException {
    Timestamp t = row.getTimestamp(column);
    return t == null ? Optional.empty() : Optional.of(t.toInstant());
  }
}
