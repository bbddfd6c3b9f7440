package io.storeplane.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.TestApi;
import io.storeplane.api.TestCallers;
import io.storeplane.api.contract.HttpExchangeValidation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the HTTP layer refuses before a resource runs answers problem+json like everything else
 * (issue 14, finding 6): a body or request line or header block too large, a method a path does not
 * have (with {@code Allow}), TRACE anywhere, and a body without a JSON content type. Every answer
 * to a request that matches an operation of the OpenAPI document must be one the document describes
 * (issue 16; {@link HttpExchangeValidation}), as for every RestAssured test.
 */
@QuarkusTest
class HttpLayerProblemsTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TestHTTPResource("/")
  URL main;

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Test
  void aBodyOverTheLimitIsPayloadTooLarge() throws Exception {
    byte[] body = new byte[300 * 1024];
    Arrays.fill(body, (byte) ' ');
    body[0] = '{';
    body[body.length - 1] = '}';
    HttpRequest.Builder sized =
        admin("/api/v1/stores")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    problem(send(sized), 413, "payload-too-large");
    HttpRequest.Builder chunked =
        admin("/api/v1/stores")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> stream(body)));
    problem(send(chunked), 413, "payload-too-large");

    // A chunked body within the limit is read there once and still reaches the resource.
    byte[] user =
        "{\"email\":\"chunked-%s@example.com\",\"fullName\":\"x\",\"role\":\"viewer\"}"
            .formatted(UUID.randomUUID())
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> created =
        send(
            admin("/api/v1/users")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> stream(user))));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  @Test
  void aRequestLineOverTheLimitIsUriTooLong() throws Exception {
    String raw =
        rawExchange(
            "GET /api/v1/stores?name="
                + "a".repeat(6000)
                + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    rawProblem(raw, 414, "uri-too-long");
  }

  @Test
  void headersOverTheLimitAreHeadersTooLarge() throws Exception {
    String raw =
        rawExchange(
            "GET /api/v1/stores HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Filler: "
                + "b".repeat(30 * 1024)
                + "\r\n\r\n");
    rawProblem(raw, 431, "headers-too-large");
  }

  @Test
  void aMethodThePathDoesNotHaveIs405WithAllow() throws Exception {
    HttpResponse<String> put =
        send(admin("/api/v1/stores").PUT(HttpRequest.BodyPublishers.ofString("{}")));
    problem(put, 405, "method-not-allowed");
    assertThat(allow(put)).contains("GET", "POST").doesNotContain("PUT");

    String id = UUID.randomUUID().toString();
    HttpResponse<String> post =
        send(admin("/api/v1/stores/" + id).POST(HttpRequest.BodyPublishers.ofString("{}")));
    problem(post, 405, "method-not-allowed");
    assertThat(allow(post)).contains("GET", "PATCH", "DELETE").doesNotContain("POST");
  }

  @Test
  void traceIs405Everywhere() throws Exception {
    for (String path : List.of("/api/v1/stores", "/q/openapi", "/no-such-path")) {
      HttpResponse<String> trace =
          send(admin(path).method("TRACE", HttpRequest.BodyPublishers.noBody()));
      problem(trace, 405, "method-not-allowed");
      assertThat(allow(trace)).as(path).doesNotContain("TRACE");
    }
    HttpResponse<String> health =
        send(
            HttpRequest.newBuilder(URI.create(management.toString()).resolve("/q/health"))
                .method("TRACE", HttpRequest.BodyPublishers.noBody()));
    problem(health, 405, "method-not-allowed");
    assertThat(allow(health)).containsExactly("GET", "HEAD");
  }

  @Test
  void aBodyWithoutAJsonContentTypeIsUnsupportedMediaType() throws Exception {
    String user =
        "{\"email\":\"media-%s@example.com\",\"fullName\":\"x\",\"role\":\"viewer\"}"
            .formatted(UUID.randomUUID());
    problem(
        send(admin("/api/v1/users").POST(HttpRequest.BodyPublishers.ofString(user))),
        415,
        "unsupported-media-type");
    problem(
        send(
            admin("/api/v1/users")
                .header("Content-Type", "*/*")
                .POST(HttpRequest.BodyPublishers.ofString(user))),
        415,
        "unsupported-media-type");

    // A call without a body needs no content type.
    String store = TestCallers.newStore();
    HttpResponse<String> suspend =
        send(admin("/api/v1/stores/" + store + "/suspend").POST(noBody()));
    assertThat(suspend.statusCode()).as(suspend.body()).isEqualTo(200);
  }

  private HttpRequest.Builder admin(String path) {
    return HttpRequest.newBuilder(URI.create(main.toString()).resolve(path))
        .header("Authorization", "Bearer " + TestApi.ADMIN_TOKEN);
  }

  private static HttpRequest.BodyPublisher noBody() {
    return HttpRequest.BodyPublishers.noBody();
  }

  private static InputStream stream(byte[] body) {
    return new ByteArrayInputStream(body);
  }

  /** Sends, and checks the answer against the document. */
  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(HttpExchangeValidation.violations(base(), response.request(), response))
        .as("%s %s -> %d", response.request().method(), response.uri(), response.statusCode())
        .isEmpty();
    return response;
  }

  private String base() {
    return main.toString().replaceAll("/$", "");
  }

  private static List<String> allow(HttpResponse<String> response) {
    String allow = response.headers().firstValue("Allow").orElse("");
    return Arrays.stream(allow.split(","))
        .map(String::trim)
        .filter(method -> !method.isEmpty())
        .toList();
  }

  private static void problem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonPath problem = JsonPath.from(response.body());
    assertThat(problem.getString("code")).isEqualTo(code);
    assertThat(problem.getString("type")).isEqualTo("urn:storeplane:problem:" + code);
    assertThat(problem.getInt("status")).isEqualTo(status);
  }

  /**
   * Sends raw bytes (what a client library would refuse to), reads until the server closes, and
   * checks the answer against the document.
   */
  private String rawExchange(String request) throws IOException {
    String raw;
    try (Socket socket = new Socket(main.getHost(), main.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
    int split = raw.indexOf("\r\n\r\n");
    if (!raw.startsWith("HTTP/1.1 ") || split < 0) {
      return raw; // not an HTTP answer: rawProblem says so
    }
    String[] requestLine = request.substring(0, request.indexOf("\r\n")).split(" ");
    String[] statusLine = raw.substring(0, raw.indexOf("\r\n")).split(" ");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line : raw.substring(raw.indexOf("\r\n") + 2, split).split("\r\n")) {
      int colon = line.indexOf(':');
      headers
          .computeIfAbsent(line.substring(0, colon).trim(), name -> new ArrayList<>())
          .add(line.substring(colon + 1).trim());
    }
    assertThat(
            HttpExchangeValidation.violations(
                base(),
                requestLine[0],
                URI.create(base() + requestLine[1]),
                Map.of(),
                Integer.parseInt(statusLine[1]),
                headers,
                raw.substring(split + 4)))
        .as("%s %.80s -> %s", requestLine[0], requestLine[1], statusLine[1])
        .isEmpty();
    return raw;
  }

  private static void rawProblem(String raw, int status, String code) {
    assertThat(raw).startsWith("HTTP/1.1 " + status);
    int split = raw.indexOf("\r\n\r\n");
    assertThat(split).as(raw).isPositive();
    String head = raw.substring(0, split).toLowerCase(Locale.ROOT);
    assertThat(head).contains("content-type: application/problem+json");
    JsonPath problem = JsonPath.from(raw.substring(split + 4));
    assertThat(problem.getString("code")).isEqualTo(code);
    assertThat(problem.getInt("status")).isEqualTo(status);
  }
}
