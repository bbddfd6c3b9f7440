package io.storeplane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The control plane's REST API as the bench calls it: JSON over HTTP/1.1 on loopback with the
 * bootstrap admin's bearer token. An unexpected status is an {@link IllegalStateException} naming
 * the call and quoting the problem document (which never holds a secret).
 */
final class ControlPlaneClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Long enough for a purge on a loaded machine (DROP DATABASE waits for a checkpoint). */
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI base;
  private final String token;

  ControlPlaneClient(int port, String token) {
    this.base = URI.create("http://127.0.0.1:" + port);
    this.token = token;
  }

  /** The address of {@code path} on the control plane. */
  URI uri(String path) {
    return base.resolve(path);
  }

  /** The bootstrap admin's bearer token (for clients the bench builds itself, such as SSE). */
  String token() {
    return token;
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    return send(authorized(path).GET().build(), 200);
  }

  JsonNode post(String path, Object body, int expectedStatus)
      throws IOException, InterruptedException {
    HttpRequest request =
        authorized(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
            .build();
    return send(request, expectedStatus);
  }

  /**
   * Follows the Server-Sent Events at {@code path} (each event's data one JSON document) and
   * returns the first document {@code last} accepts; an {@link IllegalStateException} when the
   * stream ends, or {@code timeout} passes, before one does.
   */
  JsonNode follow(String path, Predicate<JsonNode> last, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
    if (response.statusCode() != 200) {
      response.body().close();
      throw new IllegalStateException(
          "GET %s answered %d, not 200".formatted(path, response.statusCode()));
    }
    try (Stream<String> lines = response.body()) {
      Iterator<String> it = lines.iterator();
      while (it.hasNext()) {
        String line = it.next();
        if (line.startsWith("data:")) {
          JsonNode event = JSON.readTree(line.substring("data:".length()));
          if (last.test(event)) {
            return event;
          }
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    throw new IllegalStateException("The event stream " + path + " ended without a last event");
  }

  private HttpRequest.Builder authorized(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(TIMEOUT)
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json");
  }

  private JsonNode send(HttpRequest request, int expectedStatus)
      throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expectedStatus) {
      String body = response.body();
      throw new IllegalStateException(
          "%s %s answered %d, not %d: %s"
              .formatted(
                  request.method(),
                  request.uri().getPath(),
                  response.statusCode(),
                  expectedStatus,
                  body.length() > 500 ? body.substring(0, 500) + "…" : body));
    }
    return JSON.readTree(response.body());
  }
}
