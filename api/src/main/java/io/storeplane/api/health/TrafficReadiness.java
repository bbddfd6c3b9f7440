package io.storeplane.api.health;

import io.smallrye.health.SmallRyeHealthReporter;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Readiness on the traffic port, for a load balancer that checks the port it sends traffic to:
 * {@code GET /q/health/ready} answers 200 {@code {"status":"UP"}} or 503 {@code {"status":"DOWN"}}
 * and nothing else. The checks themselves, their names and data, liveness and the metrics stay on
 * the management interface (docs/security.md, "Management interface"); this answer is the same
 * readiness, computed by the same reporter, without its details.
 */
@Singleton
public class TrafficReadiness {

  static final String PATH = "/q/health/ready";

  private final SmallRyeHealthReporter reporter;

  TrafficReadiness(SmallRyeHealthReporter reporter) {
    this.reporter = reporter;
  }

  void route(@Observes Router router) {
    router.get(PATH).handler(this::answer);
    router.head(PATH).handler(this::answer);
  }

  private void answer(RoutingContext context) {
    reporter
        .getReadinessAsync()
        .subscribe()
        .with(
            health -> {
              boolean up = !health.isDown();
              context
                  .response()
                  .setStatusCode(up ? 200 : 503)
                  .putHeader("Content-Type", "application/json")
                  .putHeader("Cache-Control", "no-store")
                  .end(up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
            },
            failure ->
                context
                    .response()
                    .setStatusCode(503)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .end("{\"status\":\"DOWN\"}"));
  }
}
