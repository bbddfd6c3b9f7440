package io.storeplane.master.session;

import io.storeplane.master.token.ApiToken;
import io.storeplane.master.token.ApiTokenRepository;
import io.storeplane.master.token.Caller;
import io.storeplane.master.token.TokenSecrets;
import io.storeplane.master.token.TokenService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The console's sessions, kept in the master so any instance resolves any browser's session. A
 * session is bound to the platform user's token it was opened with: it ends when the token is
 * revoked or expires, when its owner is deactivated, after {@code idle} without a request, or at
 * sign-out. Only the SHA-256 of a session id is stored.
 */
@ApplicationScoped
@Transactional
public class ConsoleSessionService {

  /** {@code last_seen_at} is written at most this often per session, not on every request. */
  private static final Duration LAST_SEEN_RESOLUTION = Duration.ofMinutes(1);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final ConsoleSessionRepository sessions;
  private final ApiTokenRepository tokenRows;
  private final TokenService tokens;
  private final Clock clock;

  ConsoleSessionService(
      ConsoleSessionRepository sessions,
      ApiTokenRepository tokenRows,
      TokenService tokens,
      Clock clock) {
    this.sessions = sessions;
    this.tokenRows = tokenRows;
    this.tokens = tokens;
    this.clock = clock;
  }

  /**
   * Opens a session for a platform user's live token; a store's token, or one that is unknown,
   * revoked or expired, opens none. Sessions idle longer than {@code idle} are swept on the way.
   */
  public SignIn open(String presentedToken, Duration idle) {
    Instant now = clock.instant();
    sessions.deleteIdleSince(now.minus(idle));
    Optional<ApiToken> token =
        tokenRows.findByHash(TokenSecrets.hash(presentedToken)).filter(t -> t.usableAt(now));
    if (token.isEmpty()) {
      return new SignIn.Refused(SignInRefused.UNKNOWN_TOKEN);
    }
    if (token.get().storeId != null) {
      return new SignIn.Refused(SignInRefused.STORE_TOKEN);
    }
    Optional<Caller> caller = tokens.userCaller(token.get().id);
    if (caller.isEmpty()) {
      return new SignIn.Refused(SignInRefused.UNKNOWN_TOKEN);
    }
    String id = newSessionId();
    ConsoleSession session = new ConsoleSession();
    session.idHash = TokenSecrets.hash(id);
    session.tokenId = token.get().id;
    session.createdAt = now;
    session.lastSeenAt = now;
    sessions.persist(session);
    return new SignIn.Opened(new OpenedSession(id, caller.get()));
  }

  /**
   * The user a session id stands for while the session lives; a session idle past {@code idle} or
   * whose token no longer serves is deleted and gives nothing.
   */
  public Optional<Caller> resume(String sessionId, Duration idle) {
    Instant now = clock.instant();
    Optional<ConsoleSession> found = sessions.findByIdOptional(TokenSecrets.hash(sessionId));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ConsoleSession session = found.get();
    if (!session.lastSeenAt.plus(idle).isAfter(now)) {
      sessions.delete(session);
      return Optional.empty();
    }
    Optional<Caller> caller = tokens.userCaller(session.tokenId);
    if (caller.isEmpty()) {
      sessions.delete(session);
      return Optional.empty();
    }
    Duration resolution =
        idle.dividedBy(4).compareTo(LAST_SEEN_RESOLUTION) < 0
            ? idle.dividedBy(4)
            : LAST_SEEN_RESOLUTION;
    if (session.lastSeenAt.plus(resolution).isBefore(now)) {
      session.lastSeenAt = now;
    }
    return caller;
  }

  /** Ends a session (sign-out); an unknown id changes nothing. */
  public void close(String sessionId) {
    sessions.deleteById(TokenSecrets.hash(sessionId));
  }

  private static String newSessionId() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
