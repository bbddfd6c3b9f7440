package io.storeplane.master.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.storeplane.master.store.StoreStatus;
import io.storeplane.master.store.SuspensionReason;
import io.storeplane.master.user.PlatformRole;
import io.storeplane.testing.db.MigratedMaster;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Authentication's read of a presented token and its write of the last use, on a migrated master:
 * what the one statement returns for a user's and a store's token, and that the last-use write
 * touches that one column only (it never writes back a revocation made after the read) and never
 * moves a newer use back.
 */
class PresentedTokensTest {

  private static MigratedMaster master;
  private static PresentedTokens tokens;

  @BeforeAll
  static void migrate() {
    master = MigratedMaster.create("presentedtokens");
    tokens = new PresentedTokens(master.dataSource());
  }

  @AfterAll
  static void drop() {
    master.close();
  }

  @Test
  void aUsersTokenComesWithItsUser() throws SQLException {
    UUID user = insertUser("OPERATOR", false);
    String hash = TokenSecrets.hash(TokenSecrets.generate());
    UUID token = insertToken(hash, user, null);

    PresentedTokens.Presented presented = tokens.find(hash).orElseThrow();

    assertThat(presented.id()).isEqualTo(token);
    assertThat(presented.userId()).isEqualTo(user);
    assertThat(presented.role()).isEqualTo(PlatformRole.OPERATOR);
    assertThat(presented.userActive()).isFalse();
    assertThat(presented.storeId()).isNull();
    assertThat(presented.suspensions()).isEmpty();
    assertThat(tokens.find(TokenSecrets.hash(TokenSecrets.generate()))).isEmpty();
  }

  @Test
  void aStoresTokenComesWithItsStoreAndEveryReasonItIsSuspendedFor() throws SQLException {
    UUID store = insertStore("SUSPENDED");
    execute(
        "INSERT INTO store_suspensions (store_id, reason) VALUES (?, 'ADMIN'), (?,"
            + " 'DATABASE_DEPROVISIONED')",
        store,
        store);
    String hash = TokenSecrets.hash(TokenSecrets.generate());
    insertToken(hash, null, store);

    PresentedTokens.Presented presented = tokens.find(hash).orElseThrow();

    assertThat(presented.storeId()).isEqualTo(store);
    assertThat(presented.storeStatus()).isEqualTo(StoreStatus.SUSPENDED);
    assertThat(presented.storeSlug()).startsWith("pt-");
    assertThat(presented.suspensions())
        .containsExactlyInAnyOrder(SuspensionReason.ADMIN, SuspensionReason.DATABASE_DEPROVISIONED);
    assertThat(presented.userId()).isNull();
  }

  @Test
  void theLastUseWriteLeavesARevocationMadeAfterTheReadAlone() throws SQLException {
    String hash = TokenSecrets.hash(TokenSecrets.generate());
    UUID token = insertToken(hash, insertUser("VIEWER", true), null);
    PresentedTokens.Presented read = tokens.find(hash).orElseThrow();
    Instant revokedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    execute("UPDATE api_tokens SET revoked_at = ? WHERE id = ?", utc(revokedAt), token);

    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    assertThat(tokens.markUsed(read.id(), now, now.minus(1, ChronoUnit.MINUTES))).isTrue();

    PresentedTokens.Presented after = tokens.find(hash).orElseThrow();
    assertThat(after.revokedAt()).isEqualTo(revokedAt);
    assertThat(after.lastUsedAt()).isEqualTo(now);
  }

  @Test
  void aUseRecordedWithinTheResolutionIsNeitherRepeatedNorMovedBack() throws SQLException {
    String hash = TokenSecrets.hash(TokenSecrets.generate());
    UUID token = insertToken(hash, insertUser("VIEWER", true), null);
    Instant recent = Instant.now().truncatedTo(ChronoUnit.MICROS);
    execute("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", utc(recent), token);

    Instant older = recent.minus(10, ChronoUnit.SECONDS);
    assertThat(tokens.markUsed(token, older, older.minus(1, ChronoUnit.MINUTES))).isFalse();
    assertThat(tokens.markUsed(token, recent.plusSeconds(5), recent.minusSeconds(55))).isFalse();

    assertThat(tokens.find(hash).orElseThrow().lastUsedAt()).isEqualTo(recent);
  }

  private static UUID insertUser(String role, boolean active) throws SQLException {
    UUID id = UUID.randomUUID();
    execute(
        "INSERT INTO users (id, email, full_name, role, is_active, created_at, updated_at)"
            + " VALUES (?, ?, 'Presented', ?, ?, now(), now())",
        id,
        id + "@example.com",
        role,
        active);
    return id;
  }

  private static UUID insertStore(String status) throws SQLException {
    UUID id = UUID.randomUUID();
    execute(
        "INSERT INTO stores (id, name, slug, status, plan_code, subscription_status, created_at,"
            + " updated_at) VALUES (?, 'Presented', ?, ?, 'free', 'ACTIVE', now(), now())",
        id,
        "pt-" + id.toString().substring(0, 8),
        status);
    return id;
  }

  private static UUID insertToken(String hash, UUID user, UUID store) throws SQLException {
    UUID id = UUID.randomUUID();
    execute(
        "INSERT INTO api_tokens (id, token_hash, prefix, name, user_id, store_id, created_at)"
            + " VALUES (?, ?, 'spt_test', 'test', ?, ?, now() - interval '1 hour')",
        id,
        hash,
        user,
        store);
    return id;
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static void execute(String sql, Object... values) throws SQLException {
    try (Connection connection = master.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      statement.executeUpdate();
    }
  }
}
