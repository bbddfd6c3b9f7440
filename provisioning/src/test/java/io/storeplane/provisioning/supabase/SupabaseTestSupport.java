package io.storeplane.provisioning.supabase;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.storeplane.provisioning.supabase.runtime.SupabaseClients;
import io.storeplane.testing.time.SettableClock;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test helpers: a sleeper that records waits and advances a {@link SettableClock}. */
public final class SupabaseTestSupport {

  private SupabaseTestSupport() {}

  /** Records every wait and moves its clock by it instead of sleeping. */
  public static final class RecordingSleeper implements Sleeper {
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final SettableClock clock;

    public RecordingSleeper(SettableClock clock) {
      this.clock = clock;
    }

    @Override
    public void sleep(Duration duration) {
      waits.add(duration);
      clock.advance(duration);
    }

    public List<Duration> waits() {
      return List.copyOf(waits);
    }
  }

  private static WireMockServer wiremock;

  /**
   * The contract tests' WireMock on a free loopback port (the test profiles allow loopback):
   * started on first use, stopped when the test JVM exits. Tests reset it before each test.
   */
  public static synchronized WireMockServer wiremock() {
    if (wiremock == null) {
      WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
      server.start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "wiremock-stop"));
      wiremock = server;
    }
    return wiremock;
  }

  /** Client settings for tests: short timeouts, http allowed, 4 attempts. */
  public static SupabaseClients.Settings settings(URI managementUrl, int pageSize) {
    return new SupabaseClients.Settings(
        managementUrl,
        Duration.ofSeconds(2),
        Duration.ofSeconds(20),
        new CallRetryPolicy(
            4, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(60)),
        pageSize,
        true);
  }
}
