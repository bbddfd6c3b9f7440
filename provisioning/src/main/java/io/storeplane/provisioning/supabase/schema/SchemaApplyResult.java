package io.storeplane.provisioning.supabase.schema;

import java.util.List;

/**
 * What {@link SupabaseSchemaChannel#apply()} did.
 *
 * @param fromVersion the client schema version before (0: none)
 * @param toVersion the version after
 * @param appliedVersions the migrations this call applied, oldest first (empty: already current)
 * @param fresh whether the database had no Storeplane history before
 * @param tables the client schema tables of {@code toVersion}, each granted to {@code service_role}
 *     with row-level security enabled
 */
public record SchemaApplyResult(
    int fromVersion,
    int toVersion,
    List<Integer> appliedVersions,
    boolean fresh,
    List<String> tables) {

  public SchemaApplyResult {
    appliedVersions = List.copyOf(appliedVersions);
    tables = List.copyOf(tables);
  }
}
