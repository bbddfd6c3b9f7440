package io.storeplane.master.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class SecretLocationTest {

  @Test
  void associatedDataIsTableRowIdColumn() {
    UUID id = UUID.fromString("0d6c3c4e-8f4a-4f3b-9a55-6f1b1d2f7e10");

    assertThat(SecretLocation.of("integration_configs", id, "password").associatedData())
        .isEqualTo("integration_configs:0d6c3c4e-8f4a-4f3b-9a55-6f1b1d2f7e10:password");
    assertThat(SecretLocation.of("platform_settings", 42L, "value").associatedData())
        .isEqualTo("platform_settings:42:value");
  }

  @Test
  void rejectsPartsThatWouldMakeTheIdentityAmbiguous() {
    assertThatThrownBy(() -> SecretLocation.of("integration_configs", "1:2", "password"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SecretLocation.of("Integration:Configs", 1, "password"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SecretLocation.of("integration_configs", " ", "password"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
