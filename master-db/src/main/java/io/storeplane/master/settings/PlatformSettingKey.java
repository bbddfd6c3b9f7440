package io.storeplane.master.settings;

import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The platform settings Storeplane knows: a closed list, so a typo is refused instead of saved and
 * ignored. Each is either a secret (sealed, write-only) or a JSON string value, with the rule a
 * value must meet. docs/api.md lists them.
 */
public enum PlatformSettingKey {

  /** The Supabase Management API token the platform creates and deletes projects with. */
  SUPABASE_ACCESS_TOKEN(
      "supabase.access-token",
      true,
      "Supabase Management API token (personal access token) the platform creates projects with",
      "[\\x21-\\x7E]{1,4096}",
      "must be 1 to 4096 printable ASCII characters without spaces"),

  /** The slug of the Supabase organization new projects are created in. */
  SUPABASE_ORGANIZATION(
      "supabase.organization",
      false,
      "Slug of the Supabase organization new projects are created in",
      "[A-Za-z0-9_-]{1,100}",
      "must be a Supabase organization slug: 1 to 100 letters, digits, _ or -"),

  /** The region of new Supabase projects when the request names none. */
  SUPABASE_DEFAULT_REGION(
      "supabase.default-region",
      false,
      "Region of new Supabase projects when the request names none, e.g. eu-central-1",
      "[a-z0-9-]{1,64}",
      "must be a Supabase region code such as eu-central-1"),

  /**
   * How long the request log ({@code api_usage_logs}) keeps a day, in whole days: a day's partition
   * is dropped once all of it is older. Before the configuration key of the same name (30d).
   */
  REQUEST_LOG_RETENTION(
      "storeplane.retention.request-logs",
      false,
      "How long the request log (api_usage_logs) keeps a day, in whole days, e.g. 30d",
      "[1-9][0-9]{0,3}d",
      "must be a whole number of days from 1 to 9999 followed by d, e.g. 30d");

  private final String key;
  private final boolean secret;
  private final String description;
  private final Pattern rule;
  private final String ruleText;

  PlatformSettingKey(String key, boolean secret, String description, String rule, String ruleText) {
    this.key = key;
    this.secret = secret;
    this.description = description;
    this.rule = Pattern.compile(rule);
    this.ruleText = ruleText;
  }

  /** The key as stored and as it appears in the API path, e.g. {@code supabase.organization}. */
  public String key() {
    return key;
  }

  /** Whether it is a secret: sealed at rest, never returned. */
  public boolean secret() {
    return secret;
  }

  /** One line saying what it is for. */
  public String description() {
    return description;
  }

  /**
   * The setting called {@code key}.
   *
   * @throws MasterDataException {@code SETTING_NOT_FOUND}, naming the known keys
   */
  public static PlatformSettingKey of(String key) {
    return find(key)
        .orElseThrow(
            () ->
                new MasterDataException(
                    MasterError.SETTING_NOT_FOUND,
                    "There is no platform setting by that name; known settings: "
                        + Arrays.stream(values())
                            .map(PlatformSettingKey::key)
                            .collect(Collectors.joining(", "))));
  }

  /** The setting called {@code key}, if there is one. */
  public static Optional<PlatformSettingKey> find(String key) {
    return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
  }

  /**
   * Checks a value for this setting. The message names the setting and its rule, never the value
   * (which may be a secret sent to the wrong place).
   *
   * @throws MasterDataException {@code INVALID_SETTING}
   */
  void validate(String value) {
    if (value == null || !rule.matcher(value).matches()) {
      throw new MasterDataException(MasterError.INVALID_SETTING, key + " " + ruleText + ".");
    }
    if (!secret && CREDENTIAL_SHAPE.matcher(value).lookingAt()) {
      // A token pasted into a plain setting would be stored, returned and audited in clear.
      throw new MasterDataException(
          MasterError.INVALID_SETTING,
          key
              + " is a plain setting and the value looks like a Supabase token or key; a secret"
              + " belongs in supabase.access-token.");
    }
  }

  /** How Supabase credentials begin: access tokens, secret and publishable keys, JWT keys. */
  private static final Pattern CREDENTIAL_SHAPE =
      Pattern.compile("(sbp_|sb_secret_|sb_publishable_|eyJ)");
}
