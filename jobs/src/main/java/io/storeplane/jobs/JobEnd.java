package io.storeplane.jobs;

/** How a job ended, as its kind hears it ({@link JobKind#ended}). */
public enum JobEnd {
  SUCCEEDED,
  FAILED,
  /** Cancelled after it had run: what it created was cleaned up. */
  CANCELLED,
  /** Cancelled while queued, before any worker took it. */
  CANCELLED_BEFORE_START
}
