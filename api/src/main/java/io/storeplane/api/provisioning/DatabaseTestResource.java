package io.storeplane.api.provisioning;

import io.storeplane.api.problem.ApiException;
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.user.Permissions;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
  @Schema(description = "What a connection check found; nothing was saved or changed.")
  public record TestResponse(
      @Schema(
              required = true,
              description = "Whether provisioning into this database would not clash")
          boolean ok,
      @Schema(
              required = true,
              description = "The database product and its version",
              example = "PostgreSQL 16.4")
          String serverVersion,
      @Schema(required = true, description = "The tables in the database")
          List<String> existingTables,
      @Schema(
              required = true,
              description = "Tables the client schema needs that exist in another shape")
          List<ClashView> clashes,
      @Schema(
              required = true,
              description = "The Storeplane client schema version already there (0: none)",
              example = "0")
          int schemaVersion,
      @Schema(required = true, description = "The version provisioning installs", example = "7")
          int currentSchemaVersion) {}

  /**
   * A table that exists in another shape.
   *
   * @param table the table
   * @param differences how it differs
   */
  @Schema(description = "A table the client schema needs that exists in another shape.")
  public record ClashView(
      @Schema(required = true, example = "products") String table,
      @Schema(required = true, description = "How it differs") List<String> differences) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Permissions.PROVISIONING_WRITE)
  @Operation(
      operationId = "testDatabaseConnection",
      summary = "Test a connection to an existing database",
      description =
          "Connects to an existing PostgreSQL or MySQL database with the login sent and reports"
              + " its version, its tables, and whether the client schema would clash with them;"
              + " nothing is saved or changed. The body is the database option itself (`type`"
              + " `postgresql` or `mysql`). Details of a failure never repeat the host, database"
              + " or user sent. Needs `provisioning:write`.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = DatabaseOption.class),
              examples =
                  @ExampleObject(
                      name = "postgresql",
                      value =
                          "{\"type\": \"postgresql\", \"host\": \"db.example.com\", \"port\":"
                              + " 5432, \"database\": \"acme\", \"username\": \"acme\","
                              + " \"password\": \"s3cret\", \"ssl\": true}")))
  @APIResponse(
      responseCode = "200",
      description = "What the check found",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TestResponse.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "`validation-failed`: a field breaks a rule, or the option is not an existing database"
              + " (`type`); `malformed-request`: the body cannot be read;"
              + " `database-authentication-failed`: the database refused the login;"
              + " `database-not-found`: the server has no such database")
  @APIResponse(
      responseCode = "422",
      description = "`connection-denied-<rule>`: the outbound policy refuses the host or port")
  @APIResponse(
      responseCode = "503",
      description =
          "`database-unreachable`: the database could not be reached (refused, timed out);"
              + " `master-database-unavailable`: the master database does not answer")
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
