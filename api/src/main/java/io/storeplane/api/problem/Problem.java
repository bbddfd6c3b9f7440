package io.storeplane.api.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 7807 problem document, the body of every error response ({@code
 * application/problem+json}).
 *
 * @param type stable URI naming the kind of problem: {@code urn:storeplane:problem:<code>}
 * @param title short summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong this time, for a human; never a secret or a stack trace
 * @param instance the request path
 * @param code the stable code alone, e.g. {@code slug-taken}
 * @param requestId the request's id, also in the {@code X-Request-Id} response header and logs
 * @param errors the failing fields, for validation problems
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    String code,
    String requestId,
    List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /**
   * The problem of {@code type} under {@code code}: its type URI, title and status come from them,
   * the same for a JAX-RS answer ({@link ProblemMappers}) and one of the HTTP layer ({@link
   * HttpLayerLimits}).
   */
  static Problem of(
      ProblemType type,
      String code,
      String detail,
      String instance,
      String requestId,
      List<FieldError> errors) {
    return new Problem(
        ProblemType.uri(code),
        type.title(),
        type.status(),
        detail,
        instance,
        code,
        requestId,
        errors);
  }

  /**
   * One failing field.
   *
   * @param field the JSON path of the field, e.g. {@code database.host}
   * @param message why it was rejected
   */
  public record FieldError(String field, String message) {}
}
