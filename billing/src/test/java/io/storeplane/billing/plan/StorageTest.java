package io.storeplane.billing.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one storage rule: what is shown in MiB is at or over a limit exactly when it is reached. */
class StorageTest {

  private static final long MIB = 1024L * 1024L;

  @Test
  void aLimitIsReachedAtItsBytesAndTheMebibytesShownAgree() {
    for (long bytes : new long[] {0, 1, 5 * MIB - 1, 5 * MIB, 5 * MIB + 1, 6 * MIB - 1, 6 * MIB}) {
      for (long limit : new long[] {0, 1, 4, 5, 6}) {
        assertThat(Storage.mebibytes(bytes) >= limit)
            .as("%d bytes against %d MiB", bytes, limit)
            .isEqualTo(Storage.reached(bytes, limit));
      }
    }
    assertThat(Storage.reached(5 * MIB - 1, 5)).isFalse();
    assertThat(Storage.reached(5 * MIB, 5)).isTrue();
    assertThat(Storage.mebibytes(5 * MIB - 1)).isEqualTo(4);
    assertThat(Storage.mebibytes(5 * MIB + 1)).isEqualTo(5);
  }

  @Test
  void aFigureWithoutBytesStandsForItsWholeMebibytes() {
    assertThat(Storage.bytes(12_345, 1)).isEqualTo(12_345);
    assertThat(Storage.bytes(0, 3)).isEqualTo(3 * MIB);
    assertThat(Storage.bytes(0, 0)).isZero();
  }
}
