package io.storeplane.master.server;

/** Whether a managed database server takes new stores. */
public enum ServerStatus {
  /** Takes new stores while it has capacity. */
  ACTIVE,
  /** Keeps its stores but takes no new ones. */
  DRAINING,
  /** Out of service. */
  DISABLED
}
