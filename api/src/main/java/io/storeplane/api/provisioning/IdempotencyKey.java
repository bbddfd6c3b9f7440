package io.storeplane.api.provisioning;

import io.storeplane.api.problem.ApiException;
import java.util.Optional;

/**
 * The {@code Idempotency-Key} header of a request that starts a provisioning job: a retried request
 * with the same key returns the first result. Keys are scoped by the endpoint, so the same key sent
 * to two endpoints names two requests.
 */
public final class IdempotencyKey {

  /** The longest key accepted. */
  public static final int MAX_LENGTH = 150;

  private IdempotencyKey() {}

  /**
   * The stored form of the header, {@code <scope>:<key>}; empty without a header.
   *
   * @throws ApiException 400 naming the header when it is longer than {@value #MAX_LENGTH}
   */
  public static Optional<String> scoped(String scope, String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String key = header.strip();
    if (key.length() > MAX_LENGTH) {
      throw ApiException.invalid(
          "Idempotency-Key", "must be at most " + MAX_LENGTH + " characters");
    }
    return Optional.of(scope + ":" + key);
  }
}
