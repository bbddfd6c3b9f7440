package io.storeplane.master.schema;

import java.util.Objects;
import java.util.function.IntUnaryOperator;

/**
 * What provisioning tells the ledger when a store's database has reached a version: the versions up
 * to {@code foundAt} were in it before provisioning applied anything (found there, cloned from a
 * template, or claimed from the warm pool: {@code foundBy}); the ones after it up to {@code
 * version} were applied by {@code appliedBy}.
 *
 * @param foundAt the version the database was at before anything was applied (0: none)
 * @param foundBy how those versions came ({@link SchemaPath#ADOPTED}, {@link SchemaPath#TEMPLATE}
 *     or {@link SchemaPath#WARM_POOL})
 * @param version the version it is at now
 * @param appliedBy how the versions after {@code foundAt} came ({@link SchemaPath#FLYWAY} or {@link
 *     SchemaPath#SUPABASE})
 * @param checksums each version's migration checksum in the store's dialect
 */
public record SchemaReached(
    int foundAt,
    SchemaPath foundBy,
    int version,
    SchemaPath appliedBy,
    IntUnaryOperator checksums) {

  public SchemaReached {
    Objects.requireNonNull(foundBy, "foundBy");
    Objects.requireNonNull(appliedBy, "appliedBy");
    Objects.requireNonNull(checksums, "checksums");
    if (version < 1 || foundAt < 0 || foundAt > version) {
      throw new IllegalArgumentException(
          "A database found at version %d cannot reach version %d".formatted(foundAt, version));
    }
  }
}
