package io.storeplane.api;

import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** Waits for a provisioning job through its status endpoint, as a frontend would poll it. */
public final class JobPolling {

  private JobPolling() {}

  /**
   * Polls {@code /api/v1/provision/{jobId}/status} until the job ends, handing every status seen to
   * {@code onPoll}. A job that succeeded must end at progress 100 with every table created.
   */
  public static JsonPath awaitEnd(String jobId, Consumer<JsonPath> onPoll) {
    JsonPath[] last = new JsonPath[1];
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              JsonPath status = status(jobId);
              onPoll.accept(status);
              last[0] = status;
              return List.of("succeeded", "failed", "cancelled")
                  .contains(status.getString("status"));
            });
    if (last[0].getString("status").equals("succeeded")) {
      assertThat(last[0].getInt("progress")).isEqualTo(100);
      assertThat(last[0].getInt("tablesCreated")).isEqualTo(last[0].getInt("totalTables"));
    }
    return last[0];
  }

  /** The job's status document ({@code GET /api/v1/provision/{jobId}/status}, 200). */
  public static JsonPath status(Object jobId) {
    return asAdmin()
        .get("/api/v1/provision/" + jobId + "/status")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }
}
