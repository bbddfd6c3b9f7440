package io.storeplane.provisioning.supabase;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The profile of the Supabase client tests: loopback allowed (the double and WireMock listen on
 * 127.0.0.1), the master database still denied.
 */
public class SupabaseTestProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "quarkus.devservices.enabled", "false",
        "storeplane.outbound.allow-loopback", "true",
        "storeplane.outbound.deny-master-database", "true");
  }
}
