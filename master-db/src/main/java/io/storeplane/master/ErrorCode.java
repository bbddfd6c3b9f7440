package io.storeplane.master;

/**
 * Stable codes for every failure a master-data service reports. Never rename one: clients key on
 * them.
 */
public enum ErrorCode {
  STORE_NOT_FOUND(Kind.NOT_FOUND),
  PLAN_NOT_FOUND(Kind.INVALID),
  SLUG_TAKEN(Kind.CONFLICT),
  STORE_STATE_CONFLICT(Kind.CONFLICT),
  CONCURRENT_UPDATE(Kind.CONFLICT),
  USER_NOT_FOUND(Kind.NOT_FOUND),
  EMAIL_TAKEN(Kind.CONFLICT),
  TOKEN_NOT_FOUND(Kind.NOT_FOUND),
  INVALID_TOKEN_REQUEST(Kind.INVALID),
  SETTING_NOT_FOUND(Kind.NOT_FOUND),
  INVALID_SETTING(Kind.INVALID),
  STORE_TRANSITION_REFUSED(Kind.CONFLICT),
  SUBSCRIPTION_TRANSITION_REFUSED(Kind.CONFLICT),
  STORE_SUSPENDED(Kind.FORBIDDEN),
  STORE_DATABASE_SUSPENDED(Kind.CONFLICT);

  /** What kind of failure a code is, so callers can map codes without listing each one. */
  public enum Kind {
    NOT_FOUND,
    CONFLICT,
    INVALID,
    FORBIDDEN
  }

  private final Kind kind;

  ErrorCode(Kind kind) {
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** The code as it appears in problem types and logs, e.g. {@code store-not-found}. */
  public String slug() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
