package io.storeplane.master.settings;

import java.time.Instant;
import java.util.Optional;

/**
 * What may be shown of a platform setting: never a secret's value.
 *
 * @param key the setting
 * @param set whether a value or secret is stored
 * @param value the stored JSON value of a non-secret setting; empty for secrets and unset ones
 * @param updatedAt when it was last set, if it is set
 * @param updatedBy who last set it, if it is set
 */
public record SettingView(
    PlatformSettingKey key,
    boolean set,
    Optional<Object> value,
    Optional<Instant> updatedAt,
    Optional<String> updatedBy) {}
