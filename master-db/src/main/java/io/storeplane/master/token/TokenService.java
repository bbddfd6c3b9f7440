package io.storeplane.master.token;

import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import io.storeplane.master.store.Store;
import io.storeplane.master.store.StoreLifecycle;
import io.storeplane.master.store.StoreRepository;
import io.storeplane.master.store.StoreStatus;
import io.storeplane.master.user.PlatformUser;
import io.storeplane.master.user.PlatformUserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Issues, checks and revokes API tokens. */
@ApplicationScoped
@Transactional
public class TokenService {

  /** {@code last_used_at} is written at most this often per token, not on every request. */
  private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

  private final ApiTokenRepository tokens;
  private final PresentedTokens presentedTokens;
  private final PlatformUserRepository users;
  private final StoreRepository stores;
  private final Event<TokenRevoked> revoked;
  private final Clock clock;

  TokenService(
      ApiTokenRepository tokens,
      PresentedTokens presentedTokens,
      PlatformUserRepository users,
      StoreRepository stores,
      Event<TokenRevoked> revoked,
      Clock clock) {
    this.tokens = tokens;
    this.presentedTokens = presentedTokens;
    this.users = users;
    this.stores = stores;
    this.revoked = revoked;
    this.clock = clock;
  }

  /** A new token acting as the user, with the user's role. */
  public IssuedToken issueForUser(
      UUID userId, String name, Optional<Instant> expiresAt, String createdBy) {
    PlatformUser user =
        users
            .findByIdOptional(userId)
            .filter(u -> u.active)
            .orElseThrow(
                () ->
                    new MasterDataException(
                        MasterError.INVALID_TOKEN_REQUEST,
                        "There is no active user with this userId."));
    return issue(TokenSecrets.generate(), user.id, null, name, expiresAt, createdBy);
  }

  /** A new token that reaches only this store's endpoints. */
  public IssuedToken issueForStore(
      UUID storeId, String name, Optional<Instant> expiresAt, String createdBy) {
    Store store =
        stores
            .findByIdOptional(storeId)
            .filter(s -> s.status != StoreStatus.DELETED)
            .orElseThrow(
                () ->
                    new MasterDataException(
                        MasterError.INVALID_TOKEN_REQUEST, "There is no store with this storeId."));
    return issue(TokenSecrets.generate(), null, store.id, name, expiresAt, createdBy);
  }

  /**
   * Registers a token chosen outside (bootstrap automation) for a user, unless it is registered
   * already.
   */
  public void registerForUser(UUID userId, String token, String name) {
    if (token.length() < TokenSecrets.MIN_LENGTH) {
      throw new MasterDataException(
          MasterError.INVALID_TOKEN_REQUEST,
          "A given token must have at least " + TokenSecrets.MIN_LENGTH + " characters.");
    }
    if (tokens.findByHash(TokenSecrets.hash(token)).isEmpty()) {
      issue(token, userId, null, name, Optional.empty(), "bootstrap");
    }
  }

  /**
   * The caller a presented token stands for, when the token is known, live and its owner active:
   * one read of the master in autocommit ({@link PresentedTokens}; a caller's transaction, if any,
   * is suspended meanwhile), and a write of the token's last use at most once per {@link
   * #LAST_USED_RESOLUTION}.
   *
   * @throws MasterDataException the problem the store's suspension reason names (e.g. {@code
   *     STORE_SUSPENDED}) for a live store token whose store is suspended
   */
  @Transactional(Transactional.TxType.NOT_SUPPORTED)
  public Optional<Caller> authenticate(String presented) {
    Instant now = clock.instant();
    Optional<PresentedTokens.Presented> found =
        presentedTokens.find(TokenSecrets.hash(presented)).filter(token -> token.usableAt(now));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    PresentedTokens.Presented token = found.get();
    Optional<Caller> caller = token.userId() != null ? userCaller(token) : storeCaller(token);
    Instant due = now.minus(LAST_USED_RESOLUTION);
    if (caller.isPresent() && (token.lastUsedAt() == null || token.lastUsedAt().isBefore(due))) {
      presentedTokens.markUsed(token.id(), now, due);
    }
    return caller;
  }

  private static Optional<Caller> userCaller(PresentedTokens.Presented token) {
    return token.userActive()
        ? Optional.of(
            new Caller(
                token.id(), token.prefix(), token.userId(), token.userEmail(), token.role(), null))
        : Optional.empty();
  }

  /**
   * A store token's caller while its store is served; a store suspended for a reason that refuses
   * its calls answers that reason's problem instead of passing for an unknown token.
   */
  private static Optional<Caller> storeCaller(PresentedTokens.Presented token) {
    if (token.storeStatus() == null || token.storeStatus() == StoreStatus.DELETED) {
      return Optional.empty();
    }
    Optional<MasterDataException> refusal =
        StoreLifecycle.storeCallsRefusal(token.storeSlug(), token.suspensions());
    if (refusal.isPresent()) {
      throw refusal.get();
    }
    if (token.storeStatus() != StoreStatus.ACTIVE) {
      return Optional.empty();
    }
    return Optional.of(new Caller(token.id(), token.prefix(), null, null, null, token.storeId()));
  }

  /**
   * The platform user a token stands for while it is live and its owner active; empty for a store's
   * token. The console checks its sessions' tokens with this on every request.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<Caller> userCaller(UUID tokenId) {
    Instant now = clock.instant();
    return tokens
        .findByIdOptional(tokenId)
        .filter(t -> t.userId != null && t.usableAt(now))
        .flatMap(
            token ->
                users
                    .findByIdOptional(token.userId)
                    .filter(u -> u.active)
                    .map(u -> new Caller(token.id, token.prefix, u.id, u.email, u.role, null)));
  }

  /** The tokens bound to one store, revoked ones included, newest first. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<ApiToken> listForStore(UUID storeId) {
    return tokens.listForStore(storeId);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public List<ApiToken> list() {
    return tokens.listNewestFirst();
  }

  /**
   * One token, revoked or not.
   *
   * @throws MasterDataException {@code TOKEN_NOT_FOUND}
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public ApiToken get(UUID id) {
    return tokens
        .findByIdOptional(id)
        .orElseThrow(
            () ->
                new MasterDataException(
                    MasterError.TOKEN_NOT_FOUND, "There is no token with this id."));
  }

  /**
   * Revokes a token, firing {@link TokenRevoked} in the transaction; revoking a revoked token
   * changes nothing and fires nothing.
   *
   * @throws MasterDataException {@code TOKEN_NOT_FOUND}
   */
  public ApiToken revoke(UUID id) {
    ApiToken token = get(id);
    if (token.revokedAt == null) {
      token.revokedAt = clock.instant();
      revoked.fire(new TokenRevoked(token.id));
    }
    return token;
  }

  private IssuedToken issue(
      String secret,
      UUID userId,
      UUID storeId,
      String name,
      Optional<Instant> expiresAt,
      String createdBy) {
    Instant now = clock.instant();
    if (expiresAt.isPresent() && !expiresAt.get().isAfter(now)) {
      throw new MasterDataException(
          MasterError.INVALID_TOKEN_REQUEST, "expiresAt must be in the future.");
    }
    ApiToken token = new ApiToken();
    token.id = UUID.randomUUID();
    token.tokenHash = TokenSecrets.hash(secret);
    token.prefix = TokenSecrets.prefixOf(secret);
    token.name = name;
    token.userId = userId;
    token.storeId = storeId;
    token.createdBy = createdBy;
    token.createdAt = now;
    token.expiresAt = expiresAt.orElse(null);
    tokens.persist(token);
    return new IssuedToken(token, secret);
  }
}
