package io.storeplane.master.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeyRingTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void singleKeyIsActive() {
    KeyRing ring = KeyRing.builder().addBase64Key("k2026a", base64(32)).build();

    assertThat(ring.activeKeyId()).isEqualTo("k2026a");
    assertThat(ring.keyIds()).containsExactly("k2026a");
    assertThat(ring.contains("k2026a")).isTrue();
  }

  @Test
  void acceptsUrlSafeUnpaddedAndPaddedBase64() {
    byte[] raw = bytes(32);
    String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    String standard = "  " + Base64.getEncoder().encodeToString(raw) + "\n";

    KeyRing ring =
        KeyRing.builder()
            .addBase64Key("a", urlSafe)
            .addBase64Key("b", standard)
            .activeKeyId("a")
            .build();

    SecretCipher a = new SecretCipher(ring);
    String stored = a.encrypt("x", "t:1:c");
    String underB = stored.replaceFirst("^v1:a:", "v1:b:");
    // same key under both ids, but the key id is authenticated: relabelling still fails
    assertThat(catchThrowableOfType(SecretException.class, () -> a.decrypt(underB, "t:1:c")).code())
        .isEqualTo(SecretError.AUTHENTICATION_FAILED);
  }

  @Test
  void badKeyLengthIsRejectedNamingTheIdButNotTheKey() {
    for (int length : new int[] {16, 24, 31, 33, 64}) {
      String key = base64(length);

      SecretException e =
          catchThrowableOfType(
              SecretException.class, () -> KeyRing.builder().addBase64Key("k-short", key));

      assertThat(e.code()).isEqualTo(SecretError.INVALID_KEY);
      assertThat(e.getMessage())
          .contains("'k-short'")
          .contains("32 bytes")
          .contains(length + " bytes")
          .doesNotContain(key);
    }
  }

  @Test
  void keyThatIsNotBase64IsRejectedWithoutQuotingIt() {
    String key = "this is not base64 at all: ***";

    SecretException e =
        catchThrowableOfType(
            SecretException.class, () -> KeyRing.builder().addBase64Key("k1", key));

    assertThat(e.code()).isEqualTo(SecretError.INVALID_KEY);
    assertThat(e.getMessage()).contains("'k1'").doesNotContain(key).doesNotContain("*");
  }

  @Test
  void invalidKeyIdsAreRejectedAndLongOnesAreNotEchoed() {
    for (String id : new String[] {"", "K1", "k_1", "k 1", "a".repeat(33)}) {
      SecretException e =
          catchThrowableOfType(
              SecretException.class, () -> KeyRing.builder().addKey(id, bytes(32)));
      assertThat(e.code()).isEqualTo(SecretError.INVALID_KEY);
    }
    String keyPassedAsId = base64(32);
    SecretException e =
        catchThrowableOfType(
            SecretException.class, () -> KeyRing.builder().addBase64Key(keyPassedAsId, "k1"));
    assertThat(e.getMessage()).doesNotContain(keyPassedAsId);
  }

  @Test
  void inconsistentRingsAreRejected() {
    assertRejected(KeyRing.builder(), SecretError.INVALID_KEY_RING, "at least one key");
    assertRejected(
        KeyRing.builder().addKey("a", bytes(32)).addKey("b", bytes(32)),
        SecretError.INVALID_KEY_RING,
        "[a, b]");
    assertRejected(
        KeyRing.builder().addKey("a", bytes(32)).activeKeyId("z"),
        SecretError.INVALID_KEY_RING,
        "'z'");
    SecretException duplicate =
        catchThrowableOfType(
            SecretException.class,
            () -> KeyRing.builder().addKey("a", bytes(32)).addKey("a", bytes(32)));
    assertThat(duplicate.code()).isEqualTo(SecretError.INVALID_KEY_RING);
  }

  @Test
  void builderCopiesTheKeySoTheCallerMayClearIt() {
    byte[] raw = bytes(32);
    KeyRing ring = KeyRing.builder().addKey("k1", raw).build();
    String stored = new SecretCipher(ring).encrypt("secret", "t:1:c");

    java.util.Arrays.fill(raw, (byte) 0);

    assertThat(new SecretCipher(ring).decrypt(stored, "t:1:c")).isEqualTo("secret");
  }

  @Test
  void toStringNamesIdsOnly() {
    String key = base64(32);
    KeyRing ring = KeyRing.builder().addBase64Key("k1", key).build();

    assertThat(ring.toString()).isEqualTo("KeyRing[active=k1, keys=[k1]]").doesNotContain(key);
  }

  @Test
  void generatedRingsHoldOneRandomActiveKey() {
    KeyRing one = KeyRing.generate("dev");
    KeyRing two = KeyRing.generate("dev");
    String stored = new SecretCipher(one).encrypt("secret", "t:1:c");

    assertThat(one.activeKeyId()).isEqualTo("dev");
    assertThat(
            catchThrowableOfType(
                    SecretException.class, () -> new SecretCipher(two).decrypt(stored, "t:1:c"))
                .code())
        .isEqualTo(SecretError.AUTHENTICATION_FAILED);
  }

  private static void assertRejected(KeyRing.Builder builder, SecretError code, String mentions) {
    SecretException e = catchThrowableOfType(SecretException.class, builder::build);
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.getMessage()).contains(mentions);
  }

  private static byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static String base64(int length) {
    return Base64.getEncoder().encodeToString(bytes(length));
  }
}
