package io.storeplane.master.secret;

import io.storeplane.error.ErrorCode;
import io.storeplane.error.ErrorKind;

/**
 * What went wrong with a secret, stable for callers that map errors to responses or metrics. Every
 * code is {@link ErrorKind#UNAVAILABLE}: a stored value that cannot be opened, or a key ring that
 * cannot be used, is fixed by an operator (restoring a key, correcting the configuration), never by
 * the caller changing its request. Codes are prefixed {@code secret-}, e.g. {@code
 * secret-unknown-key}.
 */
public enum SecretError implements ErrorCode {
  /** The stored value is not in the {@code v1:<keyId>:<payload>} format. */
  MALFORMED(ErrorKind.UNAVAILABLE),
  /** The stored value names a key id that the key ring does not hold. */
  UNKNOWN_KEY(ErrorKind.UNAVAILABLE),
  /** The value failed authentication: wrong associated data, wrong key, or tampered bytes. */
  AUTHENTICATION_FAILED(ErrorKind.UNAVAILABLE),
  /** A configured key or key id was rejected (bad id, not base64, not 256 bits). */
  INVALID_KEY(ErrorKind.UNAVAILABLE),
  /** The key ring as a whole is inconsistent (no keys, unknown or ambiguous active key). */
  INVALID_KEY_RING(ErrorKind.UNAVAILABLE),
  /** No key is configured and the application runs in production mode. */
  NO_KEY_CONFIGURED(ErrorKind.UNAVAILABLE),
  /** The JVM could not perform AES-GCM. */
  CRYPTO_UNAVAILABLE(ErrorKind.UNAVAILABLE);

  private final ErrorKind kind;

  SecretError(ErrorKind kind) {
    this.kind = kind;
  }

  @Override
  public ErrorKind kind() {
    return kind;
  }

  @Override
  public String code() {
    return "secret-" + ErrorCode.super.code();
  }
}
