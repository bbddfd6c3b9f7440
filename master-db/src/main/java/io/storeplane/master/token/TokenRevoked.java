package io.storeplane.master.token;

import java.util.UUID;

/**
 * An API token was revoked. Fired through CDI inside the transaction that revoked it (only when it
 * was live until then); observe it with {@code @Observes(during = TransactionPhase.AFTER_SUCCESS)}
 * to act only once the revocation committed. The bus carries it to the other instances (topic
 * {@code token.revoked}).
 *
 * @param tokenId the revoked token
 */
public record TokenRevoked(UUID tokenId) {}
