package io.storeplane.master.secret;

import java.util.Objects;

/**
 * The one exception of the secrets package. Its message names key ids, associated data and what was
 * wrong; it never contains a plaintext, a stored value or key material.
 */
public class SecretException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong, stable for callers that map errors to responses or metrics. */
  public enum ErrorCode {
    /** The stored value is not in the {@code v1:<keyId>:<payload>} format. */
    MALFORMED,
    /** The stored value names a key id that the key ring does not hold. */
    UNKNOWN_KEY,
    /** The value failed authentication: wrong associated data, wrong key, or tampered bytes. */
    AUTHENTICATION_FAILED,
    /** A configured key or key id was rejected (bad id, not base64, not 256 bits). */
    INVALID_KEY,
    /** The key ring as a whole is inconsistent (no keys, unknown or ambiguous active key). */
    INVALID_KEY_RING,
    /** No key is configured and the application runs in production mode. */
    NO_KEY_CONFIGURED,
    /** The JVM could not perform AES-GCM. */
    CRYPTO_UNAVAILABLE
  }

  private final ErrorCode errorCode;

  /** A failure with {@code code}; the message must not contain secrets. */
  public SecretException(ErrorCode code, String message) {
    super(message);
    this.errorCode = Objects.requireNonNull(code, "code");
  }

  /** A failure with {@code code} and a cause; neither may carry secrets. */
  public SecretException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.errorCode = Objects.requireNonNull(code, "code");
  }

  /** What went wrong. */
  public ErrorCode errorCode() {
    return errorCode;
  }

  @Override
  public String toString() {
    return getClass().getName() + " [" + errorCode + "]: " + getMessage();
  }
}
