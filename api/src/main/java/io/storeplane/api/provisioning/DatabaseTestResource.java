package io.storeplane.api.provisioning;

import io.storeplane.api.problem.ApiException;
import io.storeplane.api.security.Permissions;
import io.storeplane.master.secret.SecretString;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.provisioning.provider.ConnectionCheck;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Checks a connection to an existing database without saving anything. */
@Path("/api/v1/databases/test")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Provisioning")
public class DatabaseTestResource {

  /**
   * What the check found.
   *
   * @param ok true: provisioning into this database would not clash
   * @param serverVersion product and version
   * @param existingTables tables in the database
   * @param clashes tables the client schema needs that exist in another shape
   * @param schemaVersion Storeplane client schema version already there (0: none)
   * @param currentSchemaVersion the version provisioning installs
   */
  public record TestResponse(
      boolean ok,
      String serverVersion,
      List<String> existingTables,
      List<ClashView> clashes,
      int schemaVersion,
      int currentSchemaVersion) {}

  /**
   * A table that exists in another shape.
   *
   * @param table the table
   * @param differences how it differs
   */
  public record ClashView(String table, List<String> differences) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Permissions.PROVISIONING_WRITE)
  @Operation(summary = "Check a connection to an existing database; nothing is saved or changed")
  public TestResponse test(@Valid @NotNull DatabaseOption option) {
    if (!(option instanceof ExistingDatabaseOption existing)) {
      throw ApiException.invalid(
          "type", "only an existing database (postgresql or mysql) can be tested");
    }
    existing.checkOutbound();
    ConnectionCheck.Report report =
        ConnectionCheck.check(
            new DatabaseLogin(
                existing.databaseType().engine(),
                existing.host(),
                existing.port(),
                existing.database(),
                existing.username(),
                SecretString.of(existing.password()),
                existing.sslRequired(),
                true));
    return new TestResponse(
        report.clashes().isEmpty(),
        report.serverVersion(),
        report.tables(),
        report.clashes().stream().map(c -> new ClashView(c.table(), c.differences())).toList(),
        report.schemaVersion(),
        report.currentVersion());
  }
}
