package io.storeplane.master.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import io.storeplane.master.secret.SecretCipher;
import io.storeplane.master.secret.SecretLocation;
import io.storeplane.master.secret.SecretString;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads and writes the platform's settings ({@code platform_settings}), limited to the closed list
 * of {@link PlatformSettingKey}s. A non-secret setting is a JSON value; a secret is sealed with
 * AES-256-GCM bound to its row ({@code platform_settings:<key>:secret_ciphertext}, the location key
 * rotation re-seals), opened only in memory as a {@link SecretString}, and never part of a {@link
 * SettingView}. Every change fires {@link SettingChanged} in its transaction.
 */
@ApplicationScoped
@Transactional
public class PlatformSettings {

  static final String TABLE = "platform_settings";
  static final String COLUMN = "secret_ciphertext";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PlatformSettingRepository settings;
  private final SecretCipher cipher;
  private final Event<SettingChanged> changed;
  private final Clock clock;

  PlatformSettings(
      PlatformSettingRepository settings,
      SecretCipher cipher,
      Event<SettingChanged> changed,
      Clock clock) {
    this.settings = settings;
    this.cipher = cipher;
    this.changed = changed;
    this.clock = clock;
  }

  /** Every known setting, set or not, in the order of {@link PlatformSettingKey}. */
  public List<SettingView> list() {
    return Arrays.stream(PlatformSettingKey.values()).map(this::view).toList();
  }

  /** One setting as it may be shown. */
  public SettingView view(PlatformSettingKey key) {
    return row(key)
        .map(
            row ->
                new SettingView(
                    key,
                    true,
                    key.secret() ? Optional.empty() : Optional.ofNullable(row.value),
                    Optional.ofNullable(row.updatedAt),
                    Optional.ofNullable(row.updatedBy)))
        .orElseGet(
            () ->
                new SettingView(key, false, Optional.empty(), Optional.empty(), Optional.empty()));
  }

  /** The text value of a non-secret setting, when set. */
  public Optional<String> text(PlatformSettingKey key) {
    requireSecret(key, false);
    return row(key).map(row -> row.value).map(String::valueOf);
  }

  /** A secret setting opened in memory, when set. */
  public Optional<SecretString> secret(PlatformSettingKey key) {
    requireSecret(key, true);
    return row(key)
        .filter(row -> row.secretCiphertext != null)
        .map(row -> SecretString.of(cipher.decrypt(row.secretCiphertext, location(key))));
  }

  /**
   * Sets a non-secret setting to a JSON value (a string, for every known setting).
   *
   * @param actor who sets it, for {@code updated_by}
   * @throws MasterDataException {@code INVALID_SETTING} for a secret setting or a value that breaks
   *     the setting's rule
   */
  public SettingView putValue(PlatformSettingKey key, Object value, String actor) {
    if (key.secret()) {
      throw new MasterDataException(
          MasterError.INVALID_SETTING, key.key() + " is a secret: send it as \"secret\".");
    }
    if (!(value instanceof String text)) {
      throw new MasterDataException(
          MasterError.INVALID_SETTING, key.key() + " must be a JSON string.");
    }
    key.validate(text);
    settings.upsertValue(key.key(), json(text), key.description(), clock.instant(), actor(actor));
    changed.fire(new SettingChanged(key.key()));
    return written(key);
  }

  /**
   * Seals and stores a secret setting.
   *
   * @param actor who sets it, for {@code updated_by}
   * @throws MasterDataException {@code INVALID_SETTING} for a non-secret setting or a secret that
   *     breaks the setting's rule (the message never contains the secret)
   */
  public SettingView putSecret(PlatformSettingKey key, SecretString secret, String actor) {
    if (!key.secret()) {
      throw new MasterDataException(
          MasterError.INVALID_SETTING, key.key() + " is not a secret: send it as \"value\".");
    }
    Objects.requireNonNull(secret, "secret");
    key.validate(secret.reveal());
    settings.upsertSecret(
        key.key(),
        cipher.encrypt(secret.reveal(), location(key)),
        key.description(),
        clock.instant(),
        actor(actor));
    changed.fire(new SettingChanged(key.key()));
    return written(key);
  }

  /**
   * Removes a setting, so the configuration's value (if any) applies again.
   *
   * @return whether it was set
   */
  public boolean delete(PlatformSettingKey key) {
    boolean deleted = settings.deleteById(key.key());
    if (deleted) {
      changed.fire(new SettingChanged(key.key()));
    }
    return deleted;
  }

  private Optional<PlatformSetting> row(PlatformSettingKey key) {
    return Optional.ofNullable(settings.findById(key.key()));
  }

  /** The view after an upsert, which bypassed the persistence context (the row is locked now). */
  private SettingView written(PlatformSettingKey key) {
    PlatformSetting row = settings.findById(key.key());
    settings.getEntityManager().refresh(row);
    return view(key);
  }

  private static void requireSecret(PlatformSettingKey key, boolean secret) {
    if (key.secret() != secret) {
      throw new IllegalArgumentException(
          key.key() + (secret ? " is not a secret setting" : " is a secret setting"));
    }
  }

  private static String actor(String actor) {
    return actor == null || actor.isBlank() ? "system" : actor;
  }

  private static String json(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A string could not be written as JSON", e);
    }
  }

  static String location(PlatformSettingKey key) {
    return SecretLocation.of(TABLE, key.key(), COLUMN).associatedData();
  }
}
