package io.storeplane.api.supabase;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.storeplane.testing.db.TestDatabases;
import io.storeplane.testing.supabase.SupabaseDouble;
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

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(DoubleResource.class));
  }

  /** Starts the double before the application and stops it (dropping its projects) after. */
  public static class DoubleResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
      supabase = SupabaseDouble.start(TestDatabases.postgres());
      String management = supabase.managementUrl().toString().replaceAll("/+$", "");
      return Map.of(
          "storeplane.supabase.management-url",
          management,
          "storeplane.supabase.project-url-template",
          management + "/{ref}",
          "storeplane.supabase.allow-http-project-urls",
          "true",
          "storeplane.supabase.access-token",
          supabase.accessToken(),
          "storeplane.supabase.organization",
          supabase.organizationSlug(),
          "storeplane.supabase.default-region",
          "eu-central-1",
          "storeplane.supabase.poll-interval",
          "200ms",
          "storeplane.supabase.probe-wait",
          "5s");
    }

    @Override
    public void stop() {
      if (supabase != null) {
        supabase.close();
      }
    }
  }
}
