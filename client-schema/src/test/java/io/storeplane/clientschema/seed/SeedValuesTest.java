package io.storeplane.clientschema.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storeplane.clientschema.ClientSchemaError;
import io.storeplane.clientschema.ClientSchemaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Seed values are validated and normalised before any SQL runs. */
class SeedValuesTest {

  @Test
  void acceptsAndNormalisesGoodValues() {
    SeedValues values = new SeedValues("  Corner Shop ", "JPY", "sr-Latn-RS", "Asia/Tokyo");

    assertThat(values).isEqualTo(new SeedValues("Corner Shop", "JPY", "sr-Latn-RS", "Asia/Tokyo"));
    assertThat(new SeedValues("X", "EUR", "DE-de", "UTC").locale()).isEqualTo("de-DE");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "blank store name      |'   '     |EUR |en-US |UTC           |storeName",
        "missing store name    |NULL      |EUR |en-US |UTC           |storeName",
        "control characters    |'A\tB'    |EUR |en-US |UTC           |control characters",
        "lower-case currency   |Shop      |eur |en-US |UTC           |three upper-case letters",
        "two-letter currency   |Shop      |EU  |en-US |UTC           |three upper-case letters",
        "unknown currency      |Shop      |XYZ |en-US |UTC           |not an ISO 4217",
        "underscore locale     |Shop      |EUR |en_US |UTC           |not en_US",
        "undetermined locale   |Shop      |EUR |und   |UTC           |has no language",
        "missing locale        |Shop      |EUR |NULL  |UTC           |got null",
        "unknown zone          |Shop      |EUR |en-US |Mars/Olympus  |time zone id",
        "missing zone          |Shop      |EUR |en-US |NULL          |got null",
      })
  void rejectsBadValues(
      String why, String name, String currency, String locale, String zone, String message) {
    assertThatThrownBy(() -> new SeedValues(name, currency, locale, zone))
        .as(why)
        .isInstanceOfSatisfying(
            ClientSchemaException.class,
            e -> assertThat(e.code()).isEqualTo(ClientSchemaError.INVALID_SEED_VALUE))
        .hasMessageContaining(message);
  }

  @Test
  void rejectsAStoreNameLongerThanTheSeoTitleAllows() {
    String name = "x".repeat(SeedValues.MAX_STORE_NAME_LENGTH + 1);

    assertThatThrownBy(() -> new SeedValues(name, "EUR", "en-US", "UTC"))
        .isInstanceOf(ClientSchemaException.class)
        .hasMessageContaining("1 to 200 characters");
  }
}
