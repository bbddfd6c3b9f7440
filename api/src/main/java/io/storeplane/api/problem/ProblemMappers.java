package io.storeplane.api.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.storeplane.billing.limits.LimitUsage;
import io.storeplane.billing.limits.PlanLimitException;
import io.storeplane.error.ErrorCode;
import io.storeplane.error.ErrorKind;
import io.storeplane.error.StoreplaneException;
import io.storeplane.master.MasterDataException;
import io.storeplane.master.store.DatabaseType;
import io.storeplane.provisioning.guard.DenyRule;
import io.storeplane.provisioning.guard.OutboundConnectionDeniedException;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every exception that reaches the HTTP layer into a problem+json response. Details name
 * fields and rules, never the values sent (which may be secrets) and never a stack trace.
 */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  /** How long a client is asked to wait after a 503 from an unavailable dependency. */
  private static final int RETRY_AFTER_SECONDS = 5;

  @Inject ResourceRoutes routes;

  @Inject MasterOutages masterOutages;

  /**
   * Every module exception (master data, secrets, client schema, provisioning, Supabase, the
   * outbound guard): the status from its code's kind, the type and code from its code, the detail
   * and field errors from the exception's client-safe {@code detail()} and {@code fields()} (a
   * message that differs, naming a pool or quoting a driver, is logged with the request id). An
   * unavailable dependency adds {@code Retry-After} (the failure's own {@code retryAfter()} when it
   * knows one, as a used-up quota does); a defect of this build (kind INTERNAL) is logged and
   * answered like any unexpected failure, with the request id to quote.
   */
  @ServerExceptionMapper
  public Response module(StoreplaneException e, ContainerRequestContext request) {
    ErrorCode code = e.code();
    String detail = e.detail();
    List<Problem.FieldError> errors =
        e.fields().stream().map(f -> new Problem.FieldError(f.field(), f.message())).toList();
    if (!detail.equals(e.getMessage()) && code.kind() != ErrorKind.INTERNAL) {
      // The message names a pool or quotes a driver: for the log only, never the client.
      LOG.infof(
          "Request %s answered %s: %s", RequestIdFilter.of(request), code.code(), e.getMessage());
    }
    if (code.kind() == ErrorKind.INTERNAL) {
      String requestId = RequestIdFilter.of(request);
      LOG.errorf(e, "Internal failure %s handling request %s", code.code(), requestId);
      detail = "The server failed to handle this request. Quote request id " + requestId + ".";
    } else if (e instanceof OutboundConnectionDeniedException denied) {
      // The host and port were sent by the caller: named by rule, never repeated.
      detail =
          denied.rule() == DenyRule.UNKNOWN_HOST
              ? "The database host does not resolve."
              : "Connections to this database host and port are not allowed by the outbound"
                  + " policy (rule '%s').".formatted(denied.rule().id());
      errors = List.of(new Problem.FieldError("database.host", "rule " + denied.rule().id()));
    }
    Problem.Limit limit = null;
    if (e instanceof PlanLimitException refused) {
      LimitUsage usage = refused.usage();
      limit = new Problem.Limit(usage.limit().wireName(), usage.plan(), usage.usage(), usage.max());
    }
    Response response =
        respond(request, ProblemType.of(code.kind()), code.code(), detail, errors, limit);
    if (e.retryAfter().isPresent()) {
      long seconds = Math.max(1, (e.retryAfter().get().toMillis() + 999) / 1000);
      return Response.fromResponse(response).header("Retry-After", seconds).build();
    }
    if (code.kind() == ErrorKind.UNAVAILABLE) {
      return Response.fromResponse(response).header("Retry-After", RETRY_AFTER_SECONDS).build();
    }
    return response;
  }

  @ServerExceptionMapper
  public Response api(ApiException e, ContainerRequestContext request) {
    return respond(request, e.type(), e.type().code(), e.getMessage(), e.errors());
  }

  @ServerExceptionMapper
  public Response violations(ConstraintViolationException e, ContainerRequestContext request) {
    boolean returnValue =
        e.getConstraintViolations().stream()
            .anyMatch(v -> lastKind(v.getPropertyPath()) == ElementKind.RETURN_VALUE);
    if (returnValue) {
      return unexpected(e, request);
    }
    List<Problem.FieldError> errors =
        e.getConstraintViolations().stream()
            .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
            .sorted(Comparator.comparing(Problem.FieldError::field))
            .toList();
    String detail =
        errors.stream()
            .map(error -> error.field() + " " + error.message())
            .collect(Collectors.joining("; ", "Invalid request: ", "."));
    return respond(
        request,
        ProblemType.VALIDATION_FAILED,
        ProblemType.VALIDATION_FAILED.code(),
        detail,
        errors);
  }

  @ServerExceptionMapper
  public Response resteasyViolations(
      ResteasyReactiveViolationException e, ContainerRequestContext request) {
    return violations(e, request);
  }

  @ServerExceptionMapper
  public Response unreadableJson(JsonProcessingException e, ContainerRequestContext request) {
    String detail;
    List<Problem.FieldError> errors = new ArrayList<>();
    if (e instanceof JsonParseException parse
        && parse.getOriginalMessage().startsWith("Duplicate field")) {
      // "Duplicate field 'role'": a key, never a value.
      detail = parse.getOriginalMessage() + " in one object: send each key once.";
    } else if (e instanceof JsonParseException parse) {
      detail =
          "The body is not valid JSON (line %d, column %d)."
              .formatted(parse.getLocation().getLineNr(), parse.getLocation().getColumnNr());
    } else if (e instanceof UnrecognizedPropertyException unknown) {
      String field = pathOf(unknown);
      detail = "Unknown field '" + field + "'.";
      errors.add(new Problem.FieldError(field, "is not a known field"));
    } else if (e instanceof InvalidTypeIdException typeId) {
      String field = pathOf(typeId) + (pathOf(typeId).isEmpty() ? "" : ".") + "type";
      detail = "Missing or unknown '" + field + "': use one of " + supportedTypes() + ".";
      errors.add(new Problem.FieldError(field, "must be one of " + supportedTypes()));
    } else if (e instanceof InvalidFormatException invalid
        && JsonInputRules.NO_NUL.equals(invalid.getOriginalMessage())
        && !pathOf(invalid).isEmpty()) {
      String field = pathOf(invalid);
      detail = "Field '" + field + "' " + invalid.getOriginalMessage() + ".";
      errors.add(new Problem.FieldError(field, invalid.getOriginalMessage()));
    } else if (e instanceof MismatchedInputException mismatch && !pathOf(mismatch).isEmpty()) {
      String field = pathOf(mismatch);
      String expected = jsonType(mismatch.getTargetType());
      detail = "Field '" + field + "' has the wrong type; expected " + expected + ".";
      errors.add(new Problem.FieldError(field, "expected " + expected));
    } else {
      detail = "The body could not be read as the expected JSON document.";
    }
    return respond(
        request,
        ProblemType.MALFORMED_REQUEST,
        ProblemType.MALFORMED_REQUEST.code(),
        detail,
        errors);
  }

  /** What a field of Java type {@code target} is in JSON, as the OpenAPI document says it. */
  static String jsonType(Class<?> target) {
    if (target == null) {
      return "another type";
    }
    if (target == String.class
        || target == char.class
        || target == Character.class
        || target == java.util.UUID.class
        || java.time.temporal.Temporal.class.isAssignableFrom(target)) {
      return "a string";
    }
    if (target == int.class
        || target == long.class
        || target == short.class
        || target == Integer.class
        || target == Long.class
        || target == Short.class
        || target == java.math.BigInteger.class) {
      return "an integer";
    }
    if (target == double.class || target == float.class || Number.class.isAssignableFrom(target)) {
      return "a number";
    }
    if (target == boolean.class || target == Boolean.class) {
      return "a boolean";
    }
    if (target.isEnum()) {
      return "one of the values the document lists";
    }
    if (target.isArray() || java.util.Collection.class.isAssignableFrom(target)) {
      return "an array";
    }
    return "an object";
  }

  @ServerExceptionMapper
  public Response unauthenticated(
      AuthenticationFailedException e, ContainerRequestContext request) {
    Optional<MasterDataException> masterDown = masterOutages.of(e);
    if (masterDown.isPresent()) {
      return module(masterDown.get(), request); // the token could not be checked
    }
    if (e.getCause() instanceof StoreplaneException refused) {
      return module(refused, request); // a suspended store's live token: its reason's problem
    }
    return unauthorized(request);
  }

  @ServerExceptionMapper
  public Response unauthorized(UnauthorizedException e, ContainerRequestContext request) {
    return unauthorized(request);
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, ContainerRequestContext request) {
    return respond(
        request,
        ProblemType.FORBIDDEN,
        ProblemType.FORBIDDEN.code(),
        "This token may not " + request.getMethod() + " " + path(request) + ".",
        List.of());
  }

  private static Response unauthorized(ContainerRequestContext request) {
    Response response =
        respond(
            request,
            ProblemType.UNAUTHORIZED,
            ProblemType.UNAUTHORIZED.code(),
            "Send a valid, unexpired API token as 'Authorization: Bearer <token>'.",
            List.of());
    return Response.fromResponse(response).header("WWW-Authenticate", "Bearer").build();
  }

  /** Jackson's own mappers for these subtypes answer with an empty body; ours win by type. */
  @ServerExceptionMapper(priority = Priorities.USER - 100)
  public Response mismatchedJson(MismatchedInputException e, ContainerRequestContext request) {
    return unreadableJson(e, request);
  }

  @ServerExceptionMapper(priority = Priorities.USER - 100)
  public Response malformedJson(JsonParseException e, ContainerRequestContext request) {
    return unreadableJson(e, request);
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e, ContainerRequestContext request) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof JsonProcessingException json) {
        return unreadableJson(json, request);
      }
    }
    int status = e.getResponse().getStatus();
    if (status == 404 && hasCause(e, IllegalArgumentException.class)) {
      // JAX-RS answers 404 when a query or path parameter does not convert; it is bad input.
      return respond(
          request,
          ProblemType.VALIDATION_FAILED,
          ProblemType.VALIDATION_FAILED.code(),
          "A query or path parameter has the wrong type (e.g. text where a number is expected).",
          List.of());
    }
    if (status >= 500) {
      return unexpected(e, request);
    }
    ProblemType type =
        switch (status) {
          case 404 -> ProblemType.NOT_FOUND;
          case 405 -> ProblemType.METHOD_NOT_ALLOWED;
          case 406 -> ProblemType.NOT_ACCEPTABLE;
          case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
          case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
          default -> ProblemType.MALFORMED_REQUEST;
        };
    String detail =
        switch (type) {
          case NOT_FOUND -> "Nothing is served at " + request.getUriInfo().getPath() + ".";
          case METHOD_NOT_ALLOWED ->
              request.getMethod() + " is not allowed on " + request.getUriInfo().getPath() + ".";
          case UNSUPPORTED_MEDIA_TYPE -> "Send the body as application/json.";
          case NOT_ACCEPTABLE ->
              "This resource answers with none of the types the Accept header names (application/json;"
                  + " the usage reads also text/csv).";
          case PAYLOAD_TOO_LARGE -> "The request body is larger than this server accepts.";
          default -> "The request could not be processed as sent.";
        };
    Response response = respond(request, type, type.code(), detail, List.of());
    if (status == 405) {
      // RESTEasy's Allow (when it sends one) lists the whole resource class; this is the path's.
      return Response.fromResponse(response).header("Allow", routes.allow(path(request))).build();
    }
    return response;
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e, ContainerRequestContext request) {
    Optional<MasterDataException> masterDown = masterOutages.of(e);
    if (masterDown.isPresent()) {
      return module(masterDown.get(), request); // 503 + Retry-After; logged once per period
    }
    String requestId = RequestIdFilter.of(request);
    LOG.errorf(e, "Unexpected failure handling request %s", requestId);
    return respond(
        request,
        ProblemType.INTERNAL_ERROR,
        ProblemType.INTERNAL_ERROR.code(),
        "The server failed to handle this request. Quote request id " + requestId + ".",
        List.of());
  }

  /**
   * A problem response; used by filters that answer before a resource runs (rate limits) as well.
   */
  public static Response respond(
      ContainerRequestContext request,
      ProblemType type,
      String code,
      String detail,
      List<Problem.FieldError> errors) {
    return respond(request, type, code, detail, errors, null);
  }

  private static Response respond(
      ContainerRequestContext request,
      ProblemType type,
      String code,
      String detail,
      List<Problem.FieldError> errors,
      Problem.Limit limit) {
    Problem problem =
        Problem.of(
            type,
            code,
            detail,
            request == null ? null : path(request),
            RequestIdFilter.of(request),
            errors,
            limit);
    return Response.status(type.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  private static String path(ContainerRequestContext request) {
    return "/" + request.getUriInfo().getPath().replaceFirst("^/", "");
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }

  private static String supportedTypes() {
    return Arrays.stream(DatabaseType.values())
        .map(DatabaseType::wireName)
        .collect(Collectors.joining(", "));
  }

  private static String pathOf(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /** The body field a violation is about, without the method and parameter names. */
  private static String fieldOf(ConstraintViolation<?> violation) {
    List<String> names = new ArrayList<>();
    String parameter = null;
    for (Path.Node node : violation.getPropertyPath()) {
      if (node.getKind() == ElementKind.PARAMETER) {
        parameter = node.getName();
      } else if ((node.getKind() == ElementKind.PROPERTY
              || node.getKind() == ElementKind.CONTAINER_ELEMENT)
          && node.getName() != null
          && !node.getName().startsWith("<")) {
        names.add(node.getName());
      }
    }
    if (!names.isEmpty()) {
      return String.join(".", names);
    }
    return parameter != null ? parameter : "body";
  }

  private static ElementKind lastKind(Path path) {
    ElementKind kind = null;
    for (Path.Node node : path) {
      kind = node.getKind();
    }
    return kind;
  }
}
