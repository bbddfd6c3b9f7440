package io.storeplane.api.supabase;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.storeplane.api.TestWorkers;
import io.storeplane.testing.db.TestDatabases;
import io.storeplane.testing.supabase.SupabaseDouble;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The application against the Supabase double: the platform's token and organization are the
 * double's, created projects live at {@code http://127.0.0.1:<port>/<ref>}, and a job polls a
 * project that is coming up every 200 ms.
 */
public class SupabaseDoubleProfile implements QuarkusTestProfile {

  /** The running double, for the tests. */
  static volatile SupabaseDouble supabase;

  /** The double this profile started, for tests outside this package. */
  public static SupabaseDouble running() {
    return supabase;
  }

  /**
   * The double, without background workers ({@link TestWorkers#WORKERS_OFF}): the one profile of
   * every test that drives the workers itself, Supabase or not, so they share one application boot.
   */
  public static class WorkersOff extends SupabaseDoubleProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return TestWorkers.WORKERS_OFF;
    }
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(DoubleResource.class));
  }

  /**
   * Starts the double before the application and stops it (dropping its projects) after. With the
   * init argument {@code platform-token-in-configuration=false} the configuration holds a token the
   * double refuses and no organization, so only the platform settings can make creation work.
   */
  public static class DoubleResource implements QuarkusTestResourceLifecycleManager {

    private boolean tokenInConfiguration = true;

    @Override
    public void init(Map<String, String> initArgs) {
      tokenInConfiguration = !"false".equals(initArgs.get("platform-token-in-configuration"));
    }

    @Override
    public Map<String, String> start() {
      supabase = SupabaseDouble.start(TestDatabases.postgres());
      String management = supabase.managementUrl().toString().replaceAll("/+$", "");
      Map<String, String> config = new HashMap<>();
      config.put("storeplane.supabase.management-url", management);
      config.put("storeplane.supabase.project-url-template", management + "/{ref}");
      config.put("storeplane.supabase.allow-http-project-urls", "true");
      config.put("storeplane.supabase.default-region", "eu-central-1");
      config.put("storeplane.supabase.poll-interval", "200ms");
      config.put("storeplane.supabase.probe-wait", "5s");
      if (tokenInConfiguration) {
        config.put("storeplane.supabase.access-token", supabase.accessToken());
        config.put("storeplane.supabase.organization", supabase.organizationSlug());
      } else {
        config.put("storeplane.supabase.access-token", "sbp_" + "0".repeat(40));
      }
      return config;
    }

    @Override
    public void stop() {
      if (supabase != null) {
        supabase.close();
      }
    }
  }
}
