package io.storeplane.master.secret;

import io.storeplane.error.StoreplaneException;

/**
 * The one exception of the secrets package. Its message names key ids, associated data and what was
 * wrong; it never contains a plaintext, a stored value or key material.
 */
public class SecretException extends StoreplaneException {

  private static final long serialVersionUID = 1L;

  /** A failure with {@code code}; the message must not contain secrets. */
  public SecretException(SecretError code, String message) {
    super(code, message, null);
  }

  /** A failure with {@code code} and a cause; neither may carry secrets. */
  public SecretException(SecretError code, String message, Throwable cause) {
    super(code, message, cause);
  }

  /** What went wrong. */
  @Override
  public SecretError code() {
    return (SecretError) super.code();
  }

  @Override
  public String toString() {
    return getClass().getName() + " [" + code().name() + "]: " + getMessage();
  }
}
