package io.storeplane.error;

import java.io.Serializable;
import java.util.Objects;

/**
 * One field of a request that a failure is about, as an API client names it. Neither part ever
 * holds a value that was sent.
 *
 * @param field the field's name, e.g. {@code slug} or {@code database.host}
 * @param message the rule it broke, e.g. {@code is required}
 */
public record FieldFailure(String field, String message) implements Serializable {

  public FieldFailure {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }
}
