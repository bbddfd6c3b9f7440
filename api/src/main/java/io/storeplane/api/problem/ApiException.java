package io.storeplane.api.problem;

import java.util.List;

/**
 * A problem found by the API layer itself (a bad query parameter, an unknown id in a path),
 * answered as problem+json with its {@link ProblemType}.
 */
public class ApiException extends RuntimeException {

  private final ProblemType type;
  private final List<Problem.FieldError> errors;

  public ApiException(ProblemType type, String detail) {
    this(type, detail, List.of());
  }

  public ApiException(ProblemType type, String detail, List<Problem.FieldError> errors) {
    super(detail);
    this.type = type;
    this.errors = List.copyOf(errors);
  }

  /** A validation problem on one field. */
  public static ApiException invalid(String field, String message) {
    return new ApiException(
        ProblemType.VALIDATION_FAILED,
        "Invalid " + field + ": " + message,
        List.of(new Problem.FieldError(field, message)));
  }

  public ProblemType type() {
    return type;
  }

  public List<Problem.FieldError> errors() {
    return errors;
  }
}
