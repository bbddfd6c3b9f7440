package io.storeplane.clientschema;

import java.util.Objects;

/** The one exception this module throws, carrying a stable {@link ErrorCode}. */
public class ClientSchemaException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  /** A failure with a message that says what was being done and with which values. */
  public ClientSchemaException(ErrorCode code, String message) {
    this(code, message, null);
  }

  /** A failure caused by {@code cause}, e.g. an {@link java.sql.SQLException}. */
  public ClientSchemaException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** What went wrong, as a stable code. */
  public ErrorCode code() {
    return code;
  }

  @Override
  public String getMessage() {
    return code + ": " + super.getMessage();
  }
}
