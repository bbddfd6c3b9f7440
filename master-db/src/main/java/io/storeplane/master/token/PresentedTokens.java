package io.storeplane.master.token;

import io.storeplane.master.store.StoreStatus;
import io.storeplane.master.store.SuspensionReason;
import io.storeplane.master.user.PlatformRole;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * What authentication reads of a presented token, in one statement: the token, the user it acts as
 * (a user's token) or the store it is bound to with that store's suspension reasons (a store's
 * token). Every API request runs it, so it maps no entities; called outside any transaction ({@link
 * TokenService#authenticate} suspends one), it runs in autocommit. Nothing of it is cached. The
 * token's last use is written by a statement that sets that one column, so it never writes back a
 * revocation it did not see.
 */
@ApplicationScoped
class PresentedTokens {

  private static final String FIND =
      """
      SELECT t.id, t.prefix, t.expires_at, t.revoked_at, t.last_used_at,
             t.user_id, u.email, u.role, u.is_active,
             t.store_id, s.slug, s.status,
             ARRAY(SELECT ss.reason FROM store_suspensions ss WHERE ss.store_id = t.store_id)
        FROM api_tokens t
        LEFT JOIN users u ON u.id = t.user_id
        LEFT JOIN stores s ON s.id = t.store_id
       WHERE t.token_hash = ?""";

  private static final String MARK_USED =
      "UPDATE api_tokens SET last_used_at = ? WHERE id = ?"
          + " AND (last_used_at IS NULL OR last_used_at < ?)";

  private static final Logger LOG = Logger.getLogger(PresentedTokens.class);

  private final DataSource master;

  PresentedTokens(DataSource master) {
    this.master = master;
  }

  /**
   * A presented token as authentication sees it.
   *
   * @param userEmail the user's e-mail; null for a store's token or a user since removed
   * @param userActive whether the user may act; false for a store's token
   * @param storeSlug the store's slug; null for a user's token or a store since removed
   * @param storeStatus the store's status; null when {@code storeSlug} is
   */
  record Presented(
      UUID id,
      String prefix,
      Instant expiresAt,
      Instant revokedAt,
      Instant lastUsedAt,
      UUID userId,
      String userEmail,
      PlatformRole role,
      boolean userActive,
      UUID storeId,
      String storeSlug,
      StoreStatus storeStatus,
      Set<SuspensionReason> suspensions) {

    boolean usableAt(Instant now) {
      return ApiToken.usable(revokedAt, expiresAt, now);
    }
  }

  /** The token whose hash this is, with its owner; empty when no token has it. */
  Optional<Presented> find(String tokenHash) {
    try (Connection connection = master.getConnection();
        PreparedStatement query = connection.prepareStatement(FIND)) {
      query.setString(1, tokenHash);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? Optional.of(presented(row)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Reading a presented token from the master failed", e);
    }
  }

  /**
   * Records a use of the token at {@code now} unless one at or after {@code notBefore} is recorded
   * already (a concurrent request's); touches no other column. A failure is logged, not thrown: the
   * request it belongs to was authenticated, and the next use past {@code notBefore} writes again.
   *
   * @return whether the use was written
   */
  boolean markUsed(UUID tokenId, Instant now, Instant notBefore) {
    try (Connection connection = master.getConnection();
        PreparedStatement update = connection.prepareStatement(MARK_USED)) {
      update.setObject(1, now.atOffset(ZoneOffset.UTC));
      update.setObject(2, tokenId);
      update.setObject(3, notBefore.atOffset(ZoneOffset.UTC));
      return update.executeUpdate() == 1;
    } catch (SQLException e) {
      LOG.warnf("Could not record the last use of token %s: %s", tokenId, e.getMessage());
      return false;
    }
  }

  private static Presented presented(ResultSet row) throws SQLException {
    String role = row.getString(8);
    String status = row.getString(12);
    return new Presented(
        row.getObject(1, UUID.class),
        row.getString(2),
        instant(row, 3),
        instant(row, 4),
        instant(row, 5),
        row.getObject(6, UUID.class),
        row.getString(7),
        role == null ? null : PlatformRole.valueOf(role),
        row.getBoolean(9),
        row.getObject(10, UUID.class),
        row.getString(11),
        status == null ? null : StoreStatus.valueOf(status),
        reasons(row.getArray(13)));
  }

  private static Instant instant(ResultSet row, int column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static Set<SuspensionReason> reasons(Array array) throws SQLException {
    try {
      Set<SuspensionReason> reasons = EnumSet.noneOf(SuspensionReason.class);
      for (Object reason : (Object[]) array.getArray()) {
        reasons.add(SuspensionReason.valueOf((String) reason));
      }
      return reasons;
    } finally {
      array.free();
    }
  }
}
