package io.storeplane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The control plane's REST API as the bench calls it: JSON over HTTP/1.1 on loopback with the
 * bootstrap admin's bearer token. An unexpected status is an {@link IllegalStateException} naming
 * the call and quoting the problem document (which never holds a secret).
 */
final class ControlPlaneClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

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
