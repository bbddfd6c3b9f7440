package io.storeplane.master.secret;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretStringTest {

  @Test
  void neverPrintsItself() {
    SecretString secret = SecretString.of("hunter2");
    record Credentials(String user, SecretString password) {}

    assertThat(secret).hasToString("***");
    assertThat(String.valueOf(new Credentials("admin", secret))).doesNotContain("hunter2");
    assertThat("password=" + secret).isEqualTo("password=***");
  }

  @Test
  void revealsAndComparesByValue() {
    assertThat(SecretString.of("hunter2").reveal()).isEqualTo("hunter2");
    assertThat(SecretString.of("hunter2")).isEqualTo(SecretString.of("hunter2"));
    assertThat(SecretString.of("hunter2")).isNotEqualTo(SecretString.of("hunter3"));
    assertThat(SecretString.of("").isEmpty()).isTrue();
  }
}
