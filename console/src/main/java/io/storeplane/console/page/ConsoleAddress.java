package io.storeplane.console.page;

import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.HttpsServerStart;
import io.vertx.core.net.NetServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import org.jboss.logging.Logger;

/** Prints where the console is once the HTTP server listens, so the run command shows its URL. */
@ApplicationScoped
public class ConsoleAddress {

  private static final Logger LOG = Logger.getLogger(ConsoleAddress.class);

  void http(@ObservesAsync HttpServerStart started) {
    LOG.infof("Admin console: %s", url("http", started.options()));
  }

  void https(@ObservesAsync HttpsServerStart started) {
    LOG.infof("Admin console: %s", url("https", started.options()));
  }

  static String url(String scheme, NetServerOptions options) {
    String host = options.getHost();
    if (host == null || host.equals("0.0.0.0") || host.equals("::")) {
      host = "localhost";
    }
    int port = options.getPort();
    if (port <= 0) {
      // A random port (tests) is known only once bound; Quarkus publishes it as a property.
      port =
          Integer.parseInt(
              System.getProperty(
                  "quarkus.http.test-port", System.getProperty("quarkus.http.port", "8080")));
    }
    return scheme + "://" + host + ":" + port + "/console";
  }
}
