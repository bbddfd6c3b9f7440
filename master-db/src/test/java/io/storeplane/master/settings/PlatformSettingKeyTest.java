package io.storeplane.master.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import org.junit.jupiter.api.Test;

class PlatformSettingKeyTest {

  @Test
  void keysAreAClosedListAndAnUnknownOneNamesTheKnownOnes() {
    assertThat(PlatformSettingKey.of("supabase.access-token"))
        .isEqualTo(PlatformSettingKey.SUPABASE_ACCESS_TOKEN);
    assertThat(PlatformSettingKey.find("supabase.acess-token")).isEmpty();
    assertThatThrownBy(() -> PlatformSettingKey.of("supabase.acess-token"))
        .isInstanceOf(MasterDataException.class)
        .hasMessageContaining("supabase.access-token, supabase.organization")
        .hasMessageNotContaining("acess")
        .extracting(e -> ((MasterDataException) e).code())
        .isEqualTo(MasterError.SETTING_NOT_FOUND);
  }

  @Test
  void onlyTheTokenIsSecret() {
    assertThat(PlatformSettingKey.SUPABASE_ACCESS_TOKEN.secret()).isTrue();
    assertThat(PlatformSettingKey.SUPABASE_ORGANIZATION.secret()).isFalse();
    assertThat(PlatformSettingKey.SUPABASE_DEFAULT_REGION.secret()).isFalse();
  }

  @Test
  void valuesAreValidatedWithoutEchoingThem() {
    assertThatCode(() -> PlatformSettingKey.SUPABASE_ORGANIZATION.validate("acme_org-1"))
        .doesNotThrowAnyException();
    assertThatCode(() -> PlatformSettingKey.SUPABASE_DEFAULT_REGION.validate("eu-central-1"))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                PlatformSettingKey.SUPABASE_ACCESS_TOKEN.validate(
                    "sbp_0123456789abcdef0123456789abcdef01234567"))
        .doesNotThrowAnyException();

    assertInvalid(PlatformSettingKey.SUPABASE_ORGANIZATION, "acme org");
    assertInvalid(PlatformSettingKey.SUPABASE_ORGANIZATION, "");
    assertInvalid(PlatformSettingKey.SUPABASE_DEFAULT_REGION, "EU Central");
    assertInvalid(PlatformSettingKey.SUPABASE_ACCESS_TOKEN, "sbp_token\r\nX-Injected: 1");
    assertInvalid(PlatformSettingKey.SUPABASE_ACCESS_TOKEN, "x".repeat(4097));
  }

  @Test
  void aTokenPastedIntoAPlainSettingIsRefusedWithoutEchoingIt() {
    String token = "sbp_0123456789abcdef0123456789abcdef01234567";
    assertThatThrownBy(() -> PlatformSettingKey.SUPABASE_ORGANIZATION.validate(token))
        .isInstanceOf(MasterDataException.class)
        .hasMessageContaining("looks like a Supabase token")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token))
        .extracting(e -> ((MasterDataException) e).code())
        .isEqualTo(MasterError.INVALID_SETTING);
  }

  private static void assertInvalid(PlatformSettingKey key, String value) {
    assertThatThrownBy(() -> key.validate(value))
        .isInstanceOf(MasterDataException.class)
        .hasMessageStartingWith(key.key() + " must be")
        .satisfies(
            e -> {
              if (!value.isEmpty()) {
                assertThat(e.getMessage()).doesNotContain(value);
              }
            })
        .extracting(e -> ((MasterDataException) e).code())
        .isEqualTo(MasterError.INVALID_SETTING);
  }
}
