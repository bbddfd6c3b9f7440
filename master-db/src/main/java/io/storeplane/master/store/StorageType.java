package io.storeplane.master.store;

/** Where a store's media files live. */
public enum StorageType {
  NONE,
  LOCAL,
  S3,
  SUPABASE
}
