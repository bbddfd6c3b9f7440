package io.storeplane.master.integration;

/** What an integration config connects a store to. A store has at most one of each kind. */
public enum IntegrationKind {
  DATABASE,
  STORAGE,
  PAYMENT,
  COURIER
}
