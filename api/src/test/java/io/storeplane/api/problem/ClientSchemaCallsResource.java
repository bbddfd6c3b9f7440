package io.storeplane.api.problem;

import io.storeplane.clientschema.seed.SeedValues;
import io.storeplane.clientschema.version.ClientSchema;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Test-only endpoints that call the client-schema module directly, so a {@link
 * io.storeplane.clientschema.ClientSchemaException} reaches the HTTP layer untranslated: no
 * production request path lets one through (provisioning translates them), yet the one mapper must
 * answer it as a problem, not a 500. Outside {@code /api}, open (the values are harmless) and out
 * of the OpenAPI document.
 */
@PermitAll
@Path("/test-only/client-schema")
@Produces(MediaType.APPLICATION_JSON)
public class ClientSchemaCallsResource {

  /** The seed values a store would get with {@code currency}; rejects what the seeder would. */
  @GET
  @Path("/seed-values")
  @Operation(hidden = true)
  public SeedValues seedValues(@QueryParam("currency") String currency) {
    return new SeedValues("Test Shop", currency, "en-US", "UTC");
  }

  /** The number of tables schema {@code version} has. */
  @GET
  @Path("/versions/{version}/tables")
  @Operation(hidden = true)
  public int tables(@PathParam("version") int version) {
    return ClientSchema.manifest(version).totalTables();
  }
}
