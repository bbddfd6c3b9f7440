package io.storeplane.api.problem;

import io.storeplane.error.ErrorKind;
import jakarta.ws.rs.core.Response.Status;

/**
 * Every kind of problem the API answers with, in one place: its code, HTTP status and title. Codes
 * from the modules ({@link io.storeplane.error.ErrorCode}) map here by their {@link ErrorKind}.
 */
public enum ProblemType {
  VALIDATION_FAILED(ErrorKind.INVALID, "The request is not valid", true),
  MALFORMED_REQUEST(Status.BAD_REQUEST, "The request body could not be read"),
  UNAUTHORIZED(Status.UNAUTHORIZED, "Authentication required"),
  FORBIDDEN(ErrorKind.FORBIDDEN, "Forbidden", true),
  NOT_FOUND(ErrorKind.NOT_FOUND, "Not found", true),
  METHOD_NOT_ALLOWED(Status.METHOD_NOT_ALLOWED, "Method not allowed"),
  NOT_ACCEPTABLE(Status.NOT_ACCEPTABLE, "Not acceptable"),
  UNSUPPORTED_MEDIA_TYPE(Status.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
  PAYLOAD_TOO_LARGE(Status.REQUEST_ENTITY_TOO_LARGE, "Request body too large"),
  URI_TOO_LONG(Status.REQUEST_URI_TOO_LONG, "Request line too long"),
  HEADERS_TOO_LARGE(431, "Request headers too large"),
  CONFLICT(ErrorKind.CONFLICT, "Conflict", false),
  CONNECTION_DENIED(ErrorKind.DENIED, "Outbound connection not allowed", false),
  RATE_LIMITED(Status.TOO_MANY_REQUESTS, "Too many requests"),
  LIMIT_REACHED(ErrorKind.LIMIT_REACHED, "Plan limit reached", false),
  QUOTA_EXHAUSTED(ErrorKind.QUOTA_EXHAUSTED, "Quota used up", false),
  INTERNAL_ERROR(ErrorKind.INTERNAL, "Internal error", true),
  UNAVAILABLE(ErrorKind.UNAVAILABLE, "Temporarily unavailable", false);

  private final int status;
  private final String title;
  private final boolean answered;

  ProblemType(Status status, String title) {
    this(status.getStatusCode(), title, true);
  }

  ProblemType(Status status, String title, boolean answered) {
    this(status.getStatusCode(), title, answered);
  }

  /**
   * A type a module's error kind maps to: its status is the kind's ({@link ErrorKind#status()}).
   */
  ProblemType(ErrorKind kind, String title, boolean answered) {
    this(kind.status(), title, answered);
  }

  ProblemType(int status, String title) {
    this(status, title, true);
  }

  ProblemType(int status, String title, boolean answered) {
    this.status = status;
    this.title = title;
    this.answered = answered;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  /**
   * Whether a problem is ever answered under this type's own code. The kinds a module code maps to
   * (conflict, connection-denied, unavailable) only lend their status and title: the problem's code
   * is the module's.
   */
  public boolean answeredUnderOwnCode() {
    return answered;
  }

  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /**
   * The generic type (status and title) a module error code of {@code kind} belongs to; the code's
   * own slug stays in the problem's type and code.
   */
  public static ProblemType of(ErrorKind kind) {
    return switch (kind) {
      case NOT_FOUND -> NOT_FOUND;
      case CONFLICT -> CONFLICT;
      case INVALID -> VALIDATION_FAILED;
      case FORBIDDEN -> FORBIDDEN;
      case DENIED -> CONNECTION_DENIED;
      case UNAVAILABLE -> UNAVAILABLE;
      case LIMIT_REACHED -> LIMIT_REACHED;
      case QUOTA_EXHAUSTED -> QUOTA_EXHAUSTED;
      case INTERNAL -> INTERNAL_ERROR;
    };
  }

  /** The stable type URI for a code. */
  public static String uri(String code) {
    return "urn:storeplane:problem:" + code;
  }
}
