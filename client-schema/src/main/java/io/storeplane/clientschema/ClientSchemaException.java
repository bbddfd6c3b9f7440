package io.storeplane.clientschema;

import io.storeplane.error.StoreplaneException;

/** The one exception this module throws, carrying a stable {@link ClientSchemaError}. */
public class ClientSchemaException extends StoreplaneException {

  private static final long serialVersionUID = 1L;

  /** A failure with a message that says what was being done and with which values. */
  public ClientSchemaException(ClientSchemaError code, String message) {
    this(code, message, null);
  }

  /** A failure caused by {@code cause}, e.g. an {@link java.sql.SQLException}. */
  public ClientSchemaException(ClientSchemaError code, String message, Throwable cause) {
    super(code, message, cause);
  }

  /** What went wrong, as a stable code. */
  @Override
  public ClientSchemaError code() {
    return (ClientSchemaError) super.code();
  }

  @Override
  public String getMessage() {
    return code().name() + ": " + super.getMessage();
  }
}
