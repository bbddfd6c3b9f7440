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
 * @param limit the plan limit a {@code plan-limit-exceeded} problem is about; absent otherwise
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
    List<FieldError> errors,
    Limit limit) {

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
    return of(type, code, detail, instance, requestId, errors, null);
  }

  /** The same, about a plan limit ({@code limit} may be null: none). */
  static Problem of(
      ProblemType type,
      String code,
      String detail,
      String instance,
      String requestId,
      List<FieldError> errors,
      Limit limit) {
    return new Problem(
        ProblemType.uri(code),
        type.title(),
        type.status(),
        detail,
        instance,
        code,
        requestId,
        errors,
        limit);
  }

  /**
   * One failing field.
   *
   * @param field the JSON path of the field, e.g. {@code database.host}
   * @param message why it was rejected
   */
  public record FieldError(String field, String message) {}

  /**
   * The plan limit a store data write would have passed.
   *
   * @param name the limit: {@code products}, {@code ordersPerMonth} or {@code storageMb}
   * @param plan the store's plan code
   * @param usage what the store has or uses, in the limit's unit (products, orders this month, MB)
   * @param limit what the plan allows, in the same unit
   */
  public record Limit(String name, String plan, long usage, long limit) {}
}
