package io.storeplane.master.schema;

import java.util.Locale;

/** How a client schema version reached a store's database. */
public enum SchemaPath {
  /** Provisioning applied it with Flyway. */
  FLYWAY,
  /** Provisioning cloned the database from a template database at this version. */
  TEMPLATE,
  /** Provisioning claimed a warm-pool database made at this version. */
  WARM_POOL,
  /**
   * Found in the database: an existing database connected at this version, or a store from before
   * the ledger, learned from its history on its first migration.
   */
  ADOPTED,
  /** Provisioning applied it to a Supabase project through its SQL channel. */
  SUPABASE,
  /** A migration of an existing store applied it (fleet). */
  MIGRATION;

  /** The name in the API, e.g. {@code warm-pool} (the ledger stores the constant's name). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
