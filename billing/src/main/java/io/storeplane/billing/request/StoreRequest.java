package io.storeplane.billing.request;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One answered request that concerns a store: made with the store's own token (anywhere), or by a
 * platform caller on a path under {@code /api/v1/stores/{id}}.
 *
 * @param storeId the store it concerns
 * @param platformCaller true for a platform user's token (counted, never refused by the quota),
 *     false for the store's own token
 * @param method the HTTP method
 * @param endpoint the matched route template, e.g. {@code /api/v1/stores/{id}/data/{table}}, never
 *     the raw path; {@link #UNMATCHED} when no route matched (an early refusal, a 404)
 * @param status the HTTP status answered
 * @param errorCode the problem's stable code for an error answer, or null
 * @param durationNanos from the request's arrival to its answer
 * @param occurredAt when the request arrived
 * @param clientAddress the caller's address (as the rate limiter sees it)
 * @param userAgent the caller's {@code User-Agent}, at most {@value #MAX_USER_AGENT} characters, or
 *     null
 * @param requestId the request's id ({@code X-Request-Id})
 */
public record StoreRequest(
    UUID storeId,
    boolean platformCaller,
    String method,
    String endpoint,
    int status,
    String errorCode,
    long durationNanos,
    Instant occurredAt,
    String clientAddress,
    String userAgent,
    String requestId) {

  /** The endpoint of a request that matched no route. */
  public static final String UNMATCHED = "(unmatched)";

  /** The longest user agent kept. */
  public static final int MAX_USER_AGENT = 256;

  public StoreRequest {
    Objects.requireNonNull(storeId, "storeId");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(occurredAt, "occurredAt");
    if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
      userAgent = userAgent.substring(0, MAX_USER_AGENT);
    }
  }

  /** A 4xx answer. */
  public boolean clientError() {
    return status >= 400 && status < 500;
  }

  /** A 5xx answer. */
  public boolean serverError() {
    return status >= 500;
  }
}
