package io.storeplane.provisioning.provider;

import io.storeplane.clientschema.catalog.Catalog;
import io.storeplane.clientschema.manifest.Clash;
import io.storeplane.clientschema.manifest.Manifest;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.jobs.StepOutcome;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import java.util.List;

/**
 * The inspect step's verdict on an existing database, whichever channel read its catalog (JDBC, or
 * Supabase's run-SQL through {@link
 * io.storeplane.clientschema.catalog.CatalogInspector#inspectPostgresql}): one rule ({@link
 * Manifest#clashesWith}) and one message, so a table is judged the same way on every channel.
 */
public final class ExistingSchema {

  private ExistingSchema() {}

  /**
   * Refuses a database without Storeplane's schema history that has a table the schema needs in
   * another shape; otherwise describes what is there.
   *
   * @throws ProvisioningException {@code SCHEMA_CLASH}, listing every clash, before any change
   */
  public static StepOutcome judge(Catalog catalog) {
    Manifest manifest = ClientSchema.manifest();
    boolean ours = catalog.table(ClientSchema.historyTable()).isPresent();
    if (!ours) {
      List<Clash> clashes = manifest.clashesWith(catalog);
      if (!clashes.isEmpty()) {
        throw new ProvisioningException(ProvisioningError.SCHEMA_CLASH, Clash.report(clashes));
      }
    }
    return StepOutcome.done(
        "Found %d table(s) (%d of the %d the schema needs, %s); no clashes"
            .formatted(
                catalog.tables().size(),
                manifest.presentIn(catalog).size(),
                manifest.totalTables(),
                ours ? "Storeplane schema present" : "no Storeplane schema yet"));
  }
}
