package io.storeplane.provisioning.pool;

import io.storeplane.master.secret.SecretCipher;
import io.storeplane.master.secret.SecretLocation;
import io.storeplane.master.secret.SecretString;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The master's record of the warm pool ({@code warm_pool_entries}, master V9), in plain JDBC: every
 * method is one statement on its own connection (autocommit), so none holds a master connection
 * while a store database is being made, and the claim is atomic on its own. Called inside a JTA
 * transaction (the hand-over, from {@code ConnectionRecords.recordLocation}; the claim, in a
 * create-database recorded after it runs, whose span ends with the job's next write), a method's
 * statement joins it: the pool hands out the connection enlisted in that transaction. Passwords are
 * sealed with the platform's {@link SecretCipher}, bound to the row and column like every stored
 * secret.
 */
public final class PoolEntries {

  static final String TABLE = "warm_pool_entries";
  static final String PASSWORD = "login_password_ciphertext";

  /**
   * The claim: one READY entry of the server at the version, oldest first, taken by the store in
   * one statement (parameters: store id, time, server id, schema version). {@code SKIP LOCKED} lets
   * concurrent claims take different entries without waiting; the row lock and the state check make
   * each entry taken at most once.
   */
  public static final String CLAIM =
      "UPDATE warm_pool_entries SET state = 'CLAIMED', claimed_store_id = ?, claimed_at = ?"
          + " WHERE id = (SELECT id FROM warm_pool_entries WHERE server_id = ? AND state = 'READY'"
          + " AND schema_version = ? ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)"
          + " AND state = 'READY' RETURNING id, server_id, database_name, login_name,"
          + " login_password_ciphertext, schema_version";

  private static final String COLUMNS =
      "id, server_id, database_name, login_name, login_password_ciphertext, schema_version";

  private final DataSource master;
  private final SecretCipher cipher;

  public PoolEntries(DataSource master, SecretCipher cipher) {
    this.master = master;
    this.cipher = cipher;
  }

  /** Records an entry about to be made ({@code CREATING}), its password sealed. */
  void creating(PoolEntry entry, Instant now) throws SQLException {
    try (Connection c = master.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO warm_pool_entries (id, server_id, database_name, login_name,"
                    + " login_password_ciphertext, schema_version, state, created_at) VALUES (?, ?,"
                    + " ?, ?, ?, ?, 'CREATING', ?)")) {
      s.setObject(1, entry.id());
      s.setObject(2, entry.serverId());
      s.setString(3, entry.database());
      s.setString(4, entry.login());
      s.setString(5, cipher.encrypt(entry.password(), location(entry.id())));
      s.setInt(6, entry.schemaVersion());
      s.setTimestamp(7, Timestamp.from(now));
      s.executeUpdate();
    }
  }

  /** A made entry becomes claimable. */
  void ready(UUID id, Instant now) throws SQLException {
    update(
        "UPDATE warm_pool_entries SET state = 'READY', ready_at = ? WHERE id = ? AND state ="
            + " 'CREATING'",
        now,
        id);
  }

  /** Forgets an entry whose database and login are gone. */
  /**
   * Hands the store's claimed entry over: the database is the store's from now on (its connection
   * is saved), so no clean-up of a later job may take it for the job's own, and the entry's copy of
   * the login's password is erased. Idempotent.
   */
  void handOver(UUID storeId) throws SQLException {
    try (Connection c = master.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE warm_pool_entries SET state = 'HANDED_OVER', login_password_ciphertext ="
                    + " NULL WHERE claimed_store_id = ? AND state = 'CLAIMED'")) {
      s.setObject(1, storeId);
      s.executeUpdate();
    }
  }

  /** Deletes every row of entries the store claimed, handed over or not (purge, clean-up). */
  void deleteClaimedBy(UUID storeId) throws SQLException {
    try (Connection c = master.getConnection();
        PreparedStatement s =
            c.prepareStatement("DELETE FROM warm_pool_entries WHERE claimed_store_id = ?")) {
      s.setObject(1, storeId);
      s.executeUpdate();
    }
  }

  void delete(UUID id) throws SQLException {
    try (Connection c = master.getConnection();
        PreparedStatement s = c.prepareStatement("DELETE FROM warm_pool_entries WHERE id = ?")) {
      s.setObject(1, id);
      s.executeUpdate();
    }
  }

  /**
   * Takes one READY entry of {@code serverId} at {@code version} for the store ({@link #CLAIM}), on
   * {@code connection}: committed when the caller's transaction (or autocommit) commits, and back
   * in the pool if the connection dies first.
   */
  Optional<PoolEntry> claim(
      Connection connection, UUID serverId, int version, UUID storeId, Instant now)
      throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(CLAIM)) {
      s.setObject(1, storeId);
      s.setTimestamp(2, Timestamp.from(now));
      s.setObject(3, serverId);
      s.setInt(4, version);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
      }
    }
  }

  /** As {@link #claim(Connection, UUID, int, UUID, Instant)}, committed on its own. */
  Optional<PoolEntry> claim(UUID serverId, int version, UUID storeId, Instant now)
      throws SQLException {
    try (Connection c = master.getConnection()) {
      return claim(c, serverId, version, storeId, now);
    }
  }

  /**
   * The entry the store claimed and has not been handed yet, if any: a retried step finds its own
   * claim, a failed job's clean-up the database it may drop. A handed-over entry is the store's
   * database in use and is never found here.
   */
  Optional<PoolEntry> claimedBy(UUID storeId) throws SQLException {
    try (Connection c = master.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM warm_pool_entries WHERE claimed_store_id = ? AND state = 'CLAIMED'")) {
      s.setObject(1, storeId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
      }
    }
  }

  /**
   * Marks for dropping, in one statement, the server's entries a refill must remove: every one left
   * {@code CREATING} or {@code DROPPING} by a refill that died (one refill runs at a time, so none
   * of those is in progress), and the READY ones older than {@code keepVersion} (all of them when
   * {@code keepVersion} is empty; never newer ones: in a rolling upgrade those are the upgraded
   * instances' pool, which an instance still on the old release must not drain: the pool is off or
   * the server takes no new store). A READY entry marked here can no longer be claimed.
   */
  List<PoolEntry> markForDropping(UUID serverId, Optional<Integer> keepVersion)
      throws SQLException {
    try (Connection c = master.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE warm_pool_entries SET state = 'DROPPING' WHERE server_id = ? AND (state IN"
                    + " ('CREATING', 'DROPPING') OR (state = 'READY' AND (? OR schema_version <"
                    + " ?))) RETURNING "
                    + COLUMNS)) {
      s.setObject(1, serverId);
      s.setBoolean(2, keepVersion.isEmpty());
      s.setInt(3, keepVersion.orElse(0));
      List<PoolEntry> marked = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          marked.add(entry(rs));
        }
      }
      return marked;
    }
  }

  /**
   * The first {@code limit} READY entries of {@code serverId} at {@code version} in the claim's
   * order ({@link #CLAIM}), {@code except} those (claimed, not yet committed): the ones the next
   * claims on that server take, if nothing else claims first.
   */
  List<PoolEntry> nextReady(UUID serverId, int version, int limit, Set<UUID> except)
      throws SQLException {
    try (Connection c = master.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM warm_pool_entries WHERE server_id = ? AND state = 'READY' AND"
                    + " schema_version = ? AND NOT (id = ANY (?)) ORDER BY created_at, id"
                    + " LIMIT ?")) {
      s.setObject(1, serverId);
      s.setInt(2, version);
      s.setArray(3, c.createArrayOf("uuid", except.toArray()));
      s.setInt(4, limit);
      List<PoolEntry> next = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          next.add(entry(rs));
        }
      }
      return next;
    }
  }

  /** Which of {@code ids} still read as READY (to this connection: committed claims are not). */
  Set<UUID> stillReady(Set<UUID> ids) throws SQLException {
    if (ids.isEmpty()) {
      return Set.of();
    }
    try (Connection c = master.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id FROM warm_pool_entries WHERE id = ANY (?) AND state = 'READY'")) {
      s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
      Set<UUID> ready = new HashSet<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ready.add(rs.getObject(1, UUID.class));
        }
      }
      return ready;
    }
  }

  /** READY entries at {@code version}, per server. */
  public Map<UUID, Long> ready(int version) throws SQLException {
    Map<UUID, Long> counts = new HashMap<>();
    try (Connection c = master.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT server_id, count(*) FROM warm_pool_entries WHERE state = 'READY' AND"
                    + " schema_version = ? GROUP BY server_id")) {
      s.setInt(1, version);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          counts.put(rs.getObject(1, UUID.class), rs.getLong(2));
        }
      }
    }
    return counts;
  }

  private void update(String sql, Instant now, UUID id) throws SQLException {
    try (Connection c = master.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setTimestamp(1, Timestamp.from(now));
      s.setObject(2, id);
      s.executeUpdate();
    }
  }

  private PoolEntry entry(ResultSet rs) throws SQLException {
    UUID id = rs.getObject(1, UUID.class);
    SecretString password = cipher.decryptSecret(rs.getString(5), location(id));
    return new PoolEntry(
        id, rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), password, rs.getInt(6));
  }

  static String location(UUID id) {
    return SecretLocation.of(TABLE, id, PASSWORD).associatedData();
  }
}
