package io.storeplane.master.integration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storeplane.master.secret.SecretCipher;
import io.storeplane.master.secret.SecretLocation;
import io.storeplane.master.secret.SecretString;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Saves and reads a store's integration configs. Non-secret settings are stored as JSON; the
 * secrets are serialised together and sealed as one AES-256-GCM value bound to the row ({@code
 * integration_configs:<id>:secret_ciphertext}), so they are never in the database in plaintext and
 * a ciphertext copied to another row does not open.
 */
@ApplicationScoped
@Transactional
public class IntegrationService {

  static final String TABLE = "integration_configs";
  static final String COLUMN = "secret_ciphertext";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final IntegrationConfigRepository configs;
  private final SecretCipher cipher;
  private final Clock clock;

  IntegrationService(IntegrationConfigRepository configs, SecretCipher cipher, Clock clock) {
    this.configs = configs;
    this.cipher = cipher;
    this.clock = clock;
  }

  /**
   * Creates or replaces the store's config of this kind. A replacement bumps {@code
   * config_version}, which tells connection pools built from the old one to rebuild.
   */
  public IntegrationConfig save(
      UUID storeId,
      IntegrationKind kind,
      String provider,
      Map<String, Object> settings,
      IntegrationSecrets secrets) {
    Instant now = clock.instant();
    IntegrationConfig config =
        configs
            .findFor(storeId, kind)
            .map(
                existing -> {
                  existing.configVersion++;
                  return existing;
                })
            .orElseGet(
                () -> {
                  IntegrationConfig created = new IntegrationConfig();
                  created.id = UUID.randomUUID();
                  created.storeId = storeId;
                  created.kind = kind;
                  created.createdAt = now;
                  return created;
                });
    config.provider = provider;
    config.settings = new LinkedHashMap<>(settings);
    config.secretCiphertext = secrets.isEmpty() ? null : seal(config.id, secrets);
    config.updatedAt = now;
    configs.persist(config);
    return config;
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<IntegrationConfig> find(UUID storeId, IntegrationKind kind) {
    return configs.findFor(storeId, kind);
  }

  /** Opens a config's secrets, in memory only. */
  public IntegrationSecrets secretsOf(IntegrationConfig config) {
    if (config.secretCiphertext == null) {
      return IntegrationSecrets.none();
    }
    String json = cipher.decrypt(config.secretCiphertext, location(config.id));
    try {
      Map<String, String> plain = JSON.readValue(json, new TypeReference<Map<String, String>>() {});
      Map<String, SecretString> secrets = new LinkedHashMap<>();
      plain.forEach((name, value) -> secrets.put(name, SecretString.of(value)));
      return IntegrationSecrets.of(secrets);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "The secrets of integration config " + config.id + " are not a JSON object");
    }
  }

  private String seal(UUID configId, IntegrationSecrets secrets) {
    Map<String, String> plain = new LinkedHashMap<>();
    secrets.asMap().forEach((name, value) -> plain.put(name, value.reveal()));
    try {
      return cipher.encrypt(JSON.writeValueAsString(plain), location(configId));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Secrets could not be serialised", e);
    }
  }

  static String location(UUID configId) {
    return SecretLocation.of(TABLE, configId, COLUMN).associatedData();
  }
}
