package io.storeplane.master.integration;

import io.storeplane.master.secret.SecretString;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The secrets of one integration config (a password, a service role key, an access token), held
 * only in memory. {@link #toString()} names the keys, never the values.
 */
public final class IntegrationSecrets {

  private final Map<String, SecretString> values;

  private IntegrationSecrets(Map<String, SecretString> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  public static IntegrationSecrets of(Map<String, SecretString> values) {
    return new IntegrationSecrets(values);
  }

  public static IntegrationSecrets none() {
    return new IntegrationSecrets(Map.of());
  }

  public Optional<SecretString> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  public Map<String, SecretString> asMap() {
    return values;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  @Override
  public String toString() {
    return "IntegrationSecrets" + values.keySet();
  }
}
