package io.storeplane.provisioning.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeplane.provisioning.ProvisioningError;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns HTTP answers of the two Supabase APIs into bodies or typed {@link SupabaseException}s.
 *
 * <ul>
 *   <li>Management API errors are {@code {"message": ...}} (sometimes not JSON at all: then the
 *       text is the message). 401 → {@code SUPABASE_UNAUTHORIZED}, 403 → {@code
 *       SUPABASE_FORBIDDEN}, 404 → {@code SUPABASE_PROJECT_NOT_FOUND}, 400 "Failed to run sql
 *       query: ERROR: &lt;SQLSTATE&gt;: ..." → {@code SUPABASE_SQL_FAILED} with the SQLSTATE.
 *   <li>PostgREST errors are {@code {code, details, hint, message}}; {@code PGRST205} and {@code
 *       42P01} → {@code SUPABASE_SCHEMA_MISSING}, {@code 42501} → {@code SUPABASE_FORBIDDEN}, 409 →
 *       {@code SUPABASE_CONFLICT}; the gateway's own 401 ({@code {message, hint}}) → {@code
 *       SUPABASE_UNAUTHORIZED}.
 *   <li>Both: 429 → {@code SUPABASE_RATE_LIMITED} with the wait from {@code X-RateLimit-Reset}
 *       (seconds) or {@code Retry-After} (seconds or HTTP date); 5xx → {@code
 *       SUPABASE_UNAVAILABLE}; any other 4xx → {@code SUPABASE_REQUEST_REJECTED}.
 * </ul>
 */
public final class SupabaseResponses {

  /** Which API answered; they shape errors differently. */
  public enum Api {
    /** {@code api.supabase.com/v1}. */
    MANAGEMENT("Management API"),
    /** PostgREST at {@code <projectUrl>/rest/v1}. */
    DATA("Data API");

    private final String label;

    Api(String label) {
      this.label = label;
    }
  }

  private static final Pattern SQLSTATE = Pattern.compile("ERROR:\\s+([0-9A-Z]{5}):");
  private static final int MAX_MESSAGE = 600;

  private SupabaseResponses() {}

  /**
   * Sends one request and returns the answer's status, headers and body, closing the response.
   * Transport failures (timeout, refused, reset) become {@code SUPABASE_UNAVAILABLE} without a
   * status, which is never retried.
   */
  public static Answer exchange(Api api, String operation, Supplier<Response> request) {
    Response response;
    try {
      response = request.get();
    } catch (ProcessingException e) {
      throw SupabaseException.of(
          ProvisioningError.SUPABASE_UNAVAILABLE,
          "Supabase %s %s failed without an answer: %s"
              .formatted(api.label, operation, rootMessage(e)),
          e);
    }
    try (response) {
      String body = response.hasEntity() ? response.readEntity(String.class) : "";
      return new Answer(
          response.getStatus(),
          body == null ? "" : body,
          response.getHeaderString("Content-Range"),
          response.getHeaderString("X-RateLimit-Reset"),
          response.getHeaderString("Retry-After"));
    }
  }

  /** What came back: status, body and the headers the clients read. */
  public record Answer(
      int status, String body, String contentRange, String rateLimitReset, String retryAfter) {

    /** Whether the status is 2xx. */
    public boolean ok() {
      return status >= 200 && status <= 299;
    }
  }

  /** The typed failure for a non-2xx {@code answer}. */
  public static SupabaseException failure(Api api, String operation, Answer answer) {
    int status = answer.status();
    String message = null;
    String code = null;
    String hint = null;
    String details = null;
    try {
      JsonNode node = SupabaseJson.MAPPER.readTree(answer.body());
      if (node != null && node.isObject()) {
        message = text(node, "message");
        code = text(node, "code");
        hint = text(node, "hint");
        details = text(node, "details");
      }
    } catch (Exception notJson) {
      message = answer.body().isBlank() ? null : answer.body().strip();
    }
    if (message == null) {
      message = "HTTP " + status;
    }
    if (api == Api.MANAGEMENT && code == null) {
      Matcher m = SQLSTATE.matcher(message);
      if (m.find()) {
        code = m.group(1);
      }
    }
    ProvisioningError errorCode = classify(api, status, code, message);
    StringBuilder text =
        new StringBuilder("Supabase ")
            .append(api.label)
            .append(' ')
            .append(operation)
            .append(" failed with HTTP ")
            .append(status);
    if (code != null) {
      text.append(" (").append(code).append(')');
    }
    text.append(": ").append(message);
    if (details != null) {
      text.append(" Details: ").append(details);
    }
    if (hint != null) {
      text.append(" Hint: ").append(hint);
    }
    return new SupabaseException(
        errorCode,
        truncate(text.toString()),
        status,
        code,
        hint,
        waitFrom(status, answer).orElse(null),
        null);
  }

  private static ProvisioningError classify(Api api, int status, String code, String message) {
    if ("PGRST205".equals(code) || ("42P01".equals(code) && api == Api.DATA)) {
      return ProvisioningError.SUPABASE_SCHEMA_MISSING;
    }
    if (status == 429) {
      return ProvisioningError.SUPABASE_RATE_LIMITED;
    }
    if (status >= 500) {
      return ProvisioningError.SUPABASE_UNAVAILABLE;
    }
    if ("42501".equals(code) || status == 403) {
      return ProvisioningError.SUPABASE_FORBIDDEN;
    }
    if (status == 401) {
      return ProvisioningError.SUPABASE_UNAUTHORIZED;
    }
    if (api == Api.MANAGEMENT) {
      if (status == 404) {
        return ProvisioningError.SUPABASE_PROJECT_NOT_FOUND;
      }
      if (status == 400 && message.startsWith("Failed to run sql query")) {
        return ProvisioningError.SUPABASE_SQL_FAILED;
      }
    } else if (status == 409) {
      return ProvisioningError.SUPABASE_CONFLICT;
    }
    return ProvisioningError.SUPABASE_REQUEST_REJECTED;
  }

  private static java.util.Optional<Duration> waitFrom(int status, Answer answer) {
    if (status == 429 && answer.rateLimitReset() != null) {
      java.util.Optional<Duration> reset = seconds(answer.rateLimitReset());
      if (reset.isPresent()) {
        return reset;
      }
    }
    if ((status == 429 || status == 503) && answer.retryAfter() != null) {
      java.util.Optional<Duration> seconds = seconds(answer.retryAfter());
      if (seconds.isPresent()) {
        return seconds;
      }
      try {
        ZonedDateTime at =
            ZonedDateTime.parse(answer.retryAfter().strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return java.util.Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException e) {
        return java.util.Optional.empty();
      }
    }
    return java.util.Optional.empty();
  }

  private static java.util.Optional<Duration> seconds(String value) {
    try {
      long seconds = Long.parseLong(value.strip());
      return java.util.Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
    } catch (NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static String truncate(String text) {
    return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
