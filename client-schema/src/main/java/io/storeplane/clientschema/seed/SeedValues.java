package io.storeplane.clientschema.seed;

import io.storeplane.clientschema.ClientSchemaError;
import io.storeplane.clientschema.ClientSchemaException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Currency;
import java.util.IllformedLocaleException;
import java.util.Locale;

/**
 * The store's own values that seeding writes, validated and normalised on construction.
 *
 * @param storeName the store's display name: 1 to 200 characters, no control characters
 * @param currency an ISO 4217 code of three upper-case letters, e.g. {@code EUR}
 * @param locale a BCP 47 language tag with a language, e.g. {@code en-US}; kept in canonical form
 * @param timezone a {@link ZoneId}, e.g. {@code Europe/Berlin}
 * @throws ClientSchemaException {@link ClientSchemaError#INVALID_SEED_VALUE} naming the bad value
 */
public record SeedValues(String storeName, String currency, String locale, String timezone) {

  /** The longest store name accepted (it becomes the default SEO title). */
  public static final int MAX_STORE_NAME_LENGTH = 200;

  public SeedValues {
    storeName = storeName(storeName);
    currency = currency(currency);
    locale = locale(locale);
    timezone = timezone(timezone);
  }

  private static String storeName(String value) {
    String name = value == null ? "" : value.strip();
    if (name.isEmpty() || name.length() > MAX_STORE_NAME_LENGTH) {
      throw invalid(
          "storeName must have 1 to %d characters, got %s"
              .formatted(MAX_STORE_NAME_LENGTH, quote(value)));
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      throw invalid("storeName must not contain control characters, got " + quote(value));
    }
    return name;
  }

  private static String currency(String value) {
    if (value == null || !value.matches("[A-Z]{3}")) {
      throw invalid(
          "currency must be an ISO 4217 code of three upper-case letters (e.g. EUR), got "
              + quote(value));
    }
    try {
      return Currency.getInstance(value).getCurrencyCode();
    } catch (IllegalArgumentException e) {
      throw invalid("currency " + quote(value) + " is not an ISO 4217 currency code");
    }
  }

  private static String locale(String value) {
    if (value == null) {
      throw invalid("locale must be a BCP 47 language tag (e.g. en-US), got null");
    }
    try {
      Locale parsed = new Locale.Builder().setLanguageTag(value).build();
      if (parsed.getLanguage().isEmpty()) {
        throw invalid("locale " + quote(value) + " has no language (e.g. en-US)");
      }
      return parsed.toLanguageTag();
    } catch (IllformedLocaleException e) {
      throw invalid(
          "locale must be a BCP 47 language tag (e.g. en-US, not en_US), got "
              + quote(value)
              + ": "
              + e.getMessage());
    }
  }

  private static String timezone(String value) {
    if (value == null) {
      throw invalid("timezone must be a time zone id (e.g. Europe/Berlin), got null");
    }
    try {
      return ZoneId.of(value).getId();
    } catch (DateTimeException e) {
      throw invalid(
          "timezone must be a time zone id (e.g. Europe/Berlin), got "
              + quote(value)
              + ": "
              + e.getMessage());
    }
  }

  private static String quote(String value) {
    return value == null ? "null" : "'" + value + "'";
  }

  private static ClientSchemaException invalid(String message) {
    return new ClientSchemaException(ClientSchemaError.INVALID_SEED_VALUE, message);
  }
}
