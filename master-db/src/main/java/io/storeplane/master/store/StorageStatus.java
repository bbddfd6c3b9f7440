package io.storeplane.master.store;

/** Where a store's media storage stands. */
public enum StorageStatus {
  NONE,
  PROVISIONING,
  ACTIVE,
  FAILED
}
