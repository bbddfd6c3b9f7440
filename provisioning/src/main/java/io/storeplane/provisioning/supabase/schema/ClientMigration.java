package io.storeplane.provisioning.supabase.schema;

import io.storeplane.clientschema.version.ClientSchema;

/**
 * One PostgreSQL migration of the client schema as the run-SQL channel applies it, with the values
 * Flyway would record for it, so that a history written by either can be read by the other.
 *
 * @param version the version (V2 → 2)
 * @param script the file name, e.g. {@code V2__product_reviews.sql}
 * @param description Flyway's description: the name part with underscores as spaces
 * @param sql the file's text
 */
public record ClientMigration(int version, String script, String description, String sql) {

  /** Flyway's checksum of the file ({@link ClientSchema#checksumOf}). */
  public int checksum() {
    return ClientSchema.checksumOf(sql);
  }
}
