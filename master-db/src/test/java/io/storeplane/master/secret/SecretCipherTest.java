package io.storeplane.master.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

  private static final String PLAINTEXT = "pg-Pa55word!with:colons";
  private static final String ROW_A = "integration_configs:1001:password";
  private static final String ROW_B = "integration_configs:1002:password";

  private static final byte[] OLD_KEY = key(1);
  private static final byte[] NEW_KEY = key(2);

  private final SecretCipher cipher =
      new SecretCipher(KeyRing.builder().addKey("k1", OLD_KEY).build());

  @Test
  void roundTrips() {
    String stored = cipher.encrypt(PLAINTEXT, ROW_A);

    assertThat(cipher.decrypt(stored, ROW_A)).isEqualTo(PLAINTEXT);
    assertThat(stored).doesNotContain(PLAINTEXT);
  }

  @Test
  void roundTripsEmptyAndUnicodePlaintexts() {
    for (String plaintext : new String[] {"", "ключ-🔑-密钥", "x".repeat(10_000)}) {
      assertThat(cipher.decrypt(cipher.encrypt(plaintext, ROW_A), ROW_A)).isEqualTo(plaintext);
    }
  }

  @Test
  void storedFormatIsVersionKeyIdAndBase64UrlPayload() {
    String stored = cipher.encrypt(PLAINTEXT, ROW_A);

    assertThat(stored).matches("v1:k1:[A-Za-z0-9_-]+");
    byte[] payload = Base64.getUrlDecoder().decode(stored.substring("v1:k1:".length()));
    assertThat(payload).hasSize(12 + PLAINTEXT.getBytes().length + 16);
  }

  @Test
  void twoEncryptionsOfTheSamePlaintextDiffer() {
    Set<String> values = new HashSet<>();
    Set<String> nonces = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      String stored = cipher.encrypt(PLAINTEXT, ROW_A);
      values.add(stored);
      nonces.add(stored.substring(6, 6 + 16)); // the first 12 bytes: the nonce
    }
    assertThat(values).hasSize(1_000);
    assertThat(nonces).hasSize(1_000);
  }

  @Test
  void valueCopiedToAnotherRowFailsToDecrypt() {
    String fromRowA = cipher.encrypt(PLAINTEXT, ROW_A);

    SecretException e =
        catchThrowableOfType(SecretException.class, () -> cipher.decrypt(fromRowA, ROW_B));

    assertThat(e.code()).isEqualTo(SecretError.AUTHENTICATION_FAILED);
    assertThat(e.getMessage()).contains(ROW_B).doesNotContain(PLAINTEXT);
  }

  @Test
  void valueMovedToAnotherColumnFailsToDecrypt() {
    SecretLocation password = SecretLocation.of("integration_configs", 7, "password");
    SecretLocation apiKey = SecretLocation.of("integration_configs", 7, "service_role_key");
    String stored = cipher.encrypt(PLAINTEXT, password.associatedData());

    assertFailsWith(
        SecretError.AUTHENTICATION_FAILED, () -> cipher.decrypt(stored, apiKey.associatedData()));
  }

  @Test
  void everyTamperedByteFailsAuthentication() {
    String stored = cipher.encrypt(PLAINTEXT, ROW_A);
    String prefix = "v1:k1:";
    byte[] payload = Base64.getUrlDecoder().decode(stored.substring(prefix.length()));

    for (int i = 0; i < payload.length; i++) {
      byte[] tampered = payload.clone();
      tampered[i] ^= 0x01;
      String altered = prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);
      assertFailsWith(SecretError.AUTHENTICATION_FAILED, () -> cipher.decrypt(altered, ROW_A));
    }
  }

  @Test
  void swappingTheKeyIdInTheHeaderFailsAuthentication() {
    KeyRing sameKeyTwice =
        KeyRing.builder().addKey("k1", OLD_KEY).addKey("k2", OLD_KEY).activeKeyId("k1").build();
    SecretCipher both = new SecretCipher(sameKeyTwice);
    String stored = both.encrypt(PLAINTEXT, ROW_A);

    String relabelled = stored.replaceFirst("^v1:k1:", "v1:k2:");

    assertFailsWith(SecretError.AUTHENTICATION_FAILED, () -> both.decrypt(relabelled, ROW_A));
  }

  @Test
  void unknownKeyIdFailsWithUnknownKey() {
    String stored = cipher.encrypt(PLAINTEXT, ROW_A);
    SecretCipher other = new SecretCipher(KeyRing.builder().addKey("k9", NEW_KEY).build());

    SecretException e =
        assertFailsWith(SecretError.UNKNOWN_KEY, () -> other.decrypt(stored, ROW_A));

    assertThat(e.getMessage()).contains("'k1'").contains("[k9]");
  }

  @Test
  void wrongKeyUnderTheSameIdFailsAuthentication() {
    String stored = cipher.encrypt(PLAINTEXT, ROW_A);
    SecretCipher impostor = new SecretCipher(KeyRing.builder().addKey("k1", NEW_KEY).build());

    assertFailsWith(SecretError.AUTHENTICATION_FAILED, () -> impostor.decrypt(stored, ROW_A));
  }

  @Test
  void malformedValuesFailWithMalformedAndAreNotEchoed() {
    String[] malformed = {
      PLAINTEXT, // a legacy plaintext that was never encrypted
      "v2:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "v1:K1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "v1:k1:not*base64",
      "v1:k1:AAAA",
      "v1:k1",
      ""
    };
    for (String value : malformed) {
      SecretException e =
          assertFailsWith(SecretError.MALFORMED, () -> cipher.decrypt(value, ROW_A));
      assertThat(e.getMessage()).doesNotContain(PLAINTEXT).doesNotContain("base64*");
      assertFailsWith(SecretError.MALFORMED, () -> cipher.needsRotation(value));
    }
  }

  @Test
  void blankAssociatedDataIsRejected() {
    assertThatThrownBy(() -> cipher.encrypt(PLAINTEXT, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(PLAINTEXT);
    assertThatThrownBy(() -> cipher.decrypt(cipher.encrypt(PLAINTEXT, ROW_A), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rotationReencryptsUnderTheNewKey() {
    SecretCipher before = new SecretCipher(KeyRing.builder().addKey("k2025", OLD_KEY).build());
    String old = before.encrypt(PLAINTEXT, ROW_A);

    SecretCipher during =
        new SecretCipher(
            KeyRing.builder()
                .addKey("k2025", OLD_KEY)
                .addKey("k2026", NEW_KEY)
                .activeKeyId("k2026")
                .build());
    assertThat(during.decrypt(old, ROW_A)).isEqualTo(PLAINTEXT);
    assertThat(during.needsRotation(old)).isTrue();

    String rotated = during.reencrypt(old, ROW_A);
    assertThat(rotated).startsWith("v1:k2026:");
    assertThat(during.needsRotation(rotated)).isFalse();
    assertThat(during.encrypt(PLAINTEXT, ROW_B)).startsWith("v1:k2026:");

    SecretCipher after = new SecretCipher(KeyRing.builder().addKey("k2026", NEW_KEY).build());
    assertThat(after.decrypt(rotated, ROW_A)).isEqualTo(PLAINTEXT);
    assertFailsWith(SecretError.UNKNOWN_KEY, () -> after.decrypt(old, ROW_A));
  }

  @Test
  void reencryptLeavesValuesUnderTheActiveKeyUnchangedButVerifiesThem() {
    String current = cipher.encrypt(PLAINTEXT, ROW_A);

    assertThat(cipher.reencrypt(current, ROW_A)).isSameAs(current);
    assertFailsWith(SecretError.AUTHENTICATION_FAILED, () -> cipher.reencrypt(current, ROW_B));
  }

  @Test
  void reencryptWithTheWrongRowFailsAndDoesNotRotate() {
    SecretCipher before = new SecretCipher(KeyRing.builder().addKey("k1", OLD_KEY).build());
    String old = before.encrypt(PLAINTEXT, ROW_A);
    SecretCipher during =
        new SecretCipher(
            KeyRing.builder()
                .addKey("k1", OLD_KEY)
                .addKey("k2", NEW_KEY)
                .activeKeyId("k2")
                .build());

    assertFailsWith(SecretError.AUTHENTICATION_FAILED, () -> during.reencrypt(old, ROW_B));
  }

  @Test
  void secretStringsRoundTrip() {
    String stored = cipher.encrypt(SecretString.of(PLAINTEXT), ROW_A);

    SecretString opened = cipher.decryptSecret(stored, ROW_A);

    assertThat(opened.reveal()).isEqualTo(PLAINTEXT);
    assertThat(opened).hasToString("***");
  }

  @Test
  void noExceptionMessageOrToStringContainsThePlaintextOrKey() {
    String stored = cipher.encrypt(PLAINTEXT, ROW_A);
    SecretCipher stranger = new SecretCipher(KeyRing.builder().addKey("k9", NEW_KEY).build());
    Runnable[] failures = {
      () -> cipher.decrypt(stored, ROW_B),
      () -> stranger.decrypt(stored, ROW_A),
      () -> cipher.decrypt(stored.substring(0, stored.length() - 3) + "AAA", ROW_A),
      () -> cipher.decrypt(PLAINTEXT, ROW_A),
      () -> cipher.reencrypt(stored, ROW_B),
    };
    String oldKey = Base64.getEncoder().encodeToString(OLD_KEY);
    for (Runnable failure : failures) {
      SecretException e = catchThrowableOfType(SecretException.class, failure::run);
      assertThat(e).isNotNull();
      for (String text : new String[] {e.getMessage(), e.toString()}) {
        assertThat(text).doesNotContain(PLAINTEXT).doesNotContain(oldKey);
      }
    }
    assertThat(cipher.toString()).contains("k1").doesNotContain(oldKey);
  }

  private static SecretException assertFailsWith(SecretError code, Runnable action) {
    SecretException e = catchThrowableOfType(SecretException.class, action::run);
    assertThat(e).as("expected a SecretException %s", code).isNotNull();
    assertThat(e.code()).isEqualTo(code);
    return e;
  }

  private static byte[] key(int seed) {
    byte[] key = new byte[KeyRing.KEY_BYTES];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (seed * 31 + i);
    }
    return key;
  }
}
