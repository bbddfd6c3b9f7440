package io.storeplane.api.security;

import static io.storeplane.api.TestApi.as;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A full onboarding with every kind of secret, bad requests included, while every log record and
 * every response is captured: no secret may appear in any of them (a token only in the one response
 * that creates it).
 */
@QuarkusTest
class NoSecretLeaksTest {

  private final List<String> logLines = new ArrayList<>();
  private final List<String> responses = new ArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
          if (record.getParameters() != null) {
            for (Object parameter : record.getParameters()) {
              line.append(' ').append(parameter);
            }
          }
          if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(' ').append(trace);
          }
          synchronized (logLines) {
            logLines.add(line.toString());
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureLogs() {
    Logger root = Logger.getLogger("");
    capture.setLevel(Level.ALL);
    root.addHandler(capture);
  }

  @AfterEach
  void stopCapturing() {
    Logger.getLogger("").removeHandler(capture);
  }

  @Test
  void noSecretAppearsInAnyResponseOrLogLine() {
    String dbPassword = "db-pw-" + UUID.randomUUID();
    String serviceKey = "svc-key-" + UUID.randomUUID();
    String accessToken = "sbp_" + UUID.randomUUID().toString().replace("-", "");
    String typoPassword = "typo-pw-" + UUID.randomUUID();

    String userId =
        keep(asAdmin()
                .contentType(ContentType.JSON)
                .body(
                    Map.of(
                        "email", "leak-" + UUID.randomUUID() + "@example.com",
                        "fullName", "Leak Test",
                        "role", "operator"))
                .post("/api/v1/users"))
            .path("id");
    Response tokenResponse =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(Map.of("userId", userId, "name", "leak"))
            .post("/api/v1/tokens");
    String token = tokenResponse.path("token");
    assertThat(token).startsWith("spt_");

    String existing =
        keep(asAdmin()
                .contentType(ContentType.JSON)
                .body(
                    Map.of(
                        "name",
                        "Leaky Shoes",
                        "slug",
                        "leak-" + UUID.randomUUID().toString().substring(0, 8),
                        "plan",
                        "starter",
                        "database",
                        Map.of(
                            "type", "mysql",
                            // Loopback, nothing listening: test traffic never leaves the machine.
                            "host", "127.0.0.1",
                            "port", 1,
                            "database", "shop",
                            "username", "shop",
                            "password", dbPassword)))
                .post("/api/v1/stores"))
            .path("id");
    keep(
        asAdmin()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "name",
                    "Leaky Supa",
                    "slug",
                    "leaksb-" + UUID.randomUUID().toString().substring(0, 8),
                    "plan",
                    "starter",
                    "database",
                    Map.of(
                        "type",
                        "supabase",
                        "projectUrl",
                        "https://abcdefghijklmnop.supabase.co",
                        "serviceRoleKey",
                        serviceKey,
                        "accessToken",
                        accessToken)))
            .post("/api/v1/stores"));
    // Bad requests that carry secrets: malformed JSON, a wrong type, an unknown field, a denied
    // host.
    keep(
        asAdmin()
            .contentType(ContentType.JSON)
            .body("{\"name\": \"x\", \"database\": {\"password\": \"" + typoPassword + "\" ")
            .post("/api/v1/stores"));
    keep(
        asAdmin()
            .contentType(ContentType.JSON)
            .body(
                "{\"name\": \"x\", \"slug\": \"abc\", \"plan\": \"free\", \"database\": {\"type\":"
                    + " \"postgresql\", \"port\": \""
                    + typoPassword
                    + "\"}}")
            .post("/api/v1/stores"));
    keep(
        asAdmin()
            .contentType(ContentType.JSON)
            .body(Map.of("name", "x", "slug", "abc", "plan", "free", "pasword", typoPassword))
            .post("/api/v1/stores"));
    keep(
        asAdmin()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "name",
                    "x",
                    "slug",
                    "denied-" + UUID.randomUUID().toString().substring(0, 8),
                    "plan",
                    "free",
                    "database",
                    Map.of(
                        "type", "postgresql",
                        "host", "169.254.169.254",
                        "port", 5432,
                        "database", "shop",
                        "username", "shop",
                        "password", dbPassword)))
            .post("/api/v1/stores"));
    // Reads afterwards, with the new token and as admin.
    keep(as(token).get("/api/v1/stores/" + existing));
    keep(as(token).get("/api/v1/stores?size=100"));
    keep(asAdmin().get("/api/v1/tokens"));
    keep(asAdmin().get("/api/v1/users"));
    keep(asAdmin().get("/api/v1/audit-logs?size=500"));
    keep(as(token + "x").get("/api/v1/stores"));

    List<String> secrets = List.of(dbPassword, serviceKey, accessToken, typoPassword, token);
    for (String secret : secrets) {
      assertThat(responses).as("responses").noneMatch(body -> body.contains(secret));
      synchronized (logLines) {
        assertThat(logLines).as("log lines").noneMatch(line -> line.contains(secret));
      }
    }
    assertThat(responses).hasSizeGreaterThan(10);
    org.jboss.logging.Logger.getLogger("io.storeplane.leak-probe").info("capture works");
    synchronized (logLines) {
      assertThat(logLines)
          .as("the capture itself")
          .anyMatch(line -> line.contains("capture works"));
    }
  }

  private Response keep(Response response) {
    responses.add(response.getHeaders().toString() + "\n" + response.asString());
    return response;
  }
}
