package io.storeplane.master.settings;

/**
 * A platform setting was set, replaced or removed. Fired through CDI inside the transaction that
 * changed it; observe it with {@code @Observes(during = TransactionPhase.AFTER_SUCCESS)} to act
 * only once the change committed. The bus carries it to the other instances (topic {@code
 * setting.changed}). It names the key only, never the value (a setting may be a secret).
 *
 * @param key the setting's key ({@link PlatformSettingKey#key()})
 */
public record SettingChanged(String key) {}
