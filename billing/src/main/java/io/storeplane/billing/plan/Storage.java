package io.storeplane.billing.plan;

/**
 * The one rule for storage against a plan: bytes are the measure (database size plus media bytes,
 * as the usage rollup reads them); a limit in MiB is reached when the bytes are at or over {@code
 * limit × 1 MiB}; and storage shown in MiB is whole MiB rounded <em>down</em>, so a figure shown in
 * MiB is at or over a limit exactly when the bytes reach it (storage 1 byte short of 5 MiB shows 4,
 * 5 MiB shows 5). The rollup's {@code storage_mb}, the store's {@code storage_used_mb}, the 402's
 * usage and the usage API's all follow it.
 */
public final class Storage {

  /** One MiB, in bytes. */
  public static final long MIB = 1024L * 1024L;

  private Storage() {}

  /** Whether {@code bytes} reach a limit of {@code limitMb} MiB. */
  public static boolean reached(long bytes, long limitMb) {
    return bytes >= limitMb * MIB;
  }

  /** {@code bytes} in whole MiB, rounded down. */
  public static long mebibytes(long bytes) {
    return bytes / MIB;
  }

  /**
   * The bytes a usage figure stands for: its bytes, or for a figure that has only a MiB count (a
   * usage row from before {@code storage_bytes} existed, a store's {@code storage_used_mb} before
   * its first rollup) that many whole MiB.
   */
  public static long bytes(long bytes, long mebibytes) {
    return bytes > 0 ? bytes : mebibytes * MIB;
  }
}
