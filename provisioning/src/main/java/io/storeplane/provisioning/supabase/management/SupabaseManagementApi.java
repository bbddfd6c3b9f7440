package io.storeplane.provisioning.supabase.management;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The Supabase Management API endpoints Storeplane calls, as a MicroProfile REST client. It is the
 * transport only: methods return the raw {@link Response} (the default exception mapper is off) so
 * that {@link SupabaseManagement} reads status, rate-limit headers and body itself; the bearer
 * token is a parameter because it differs per call (platform token or a store's own).
 */
@RegisterRestClient(configKey = "supabase-management")
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface SupabaseManagementApi {

  /** {@code GET /v1/organizations}. */
  @GET
  @Path("/organizations")
  Response listOrganizations(@HeaderParam("Authorization") String authorization);

  /**
   * {@code GET /v1/organizations/{slug}/projects?offset=&limit=&search=}: one page ({@code limit}
   * 1..100) of the organization's projects whose name matches {@code search}, as {@code
   * {"projects": [...]}}.
   */
  @GET
  @Path("/organizations/{slug}/projects")
  Response listOrganizationProjects(
      @HeaderParam("Authorization") String authorization,
      @PathParam("slug") String organizationSlug,
      @QueryParam("offset") int offset,
      @QueryParam("limit") int limit,
      @QueryParam("search") String search);

  /** {@code POST /v1/projects}: 201 with the project. */
  @POST
  @Path("/projects")
  @Consumes(MediaType.APPLICATION_JSON)
  Response createProject(@HeaderParam("Authorization") String authorization, String body);

  /** {@code GET /v1/projects/{ref}}: 200, or 404 when unknown. */
  @GET
  @Path("/projects/{ref}")
  Response getProject(
      @HeaderParam("Authorization") String authorization, @PathParam("ref") String ref);

  /** {@code GET /v1/projects/{ref}/health?services=a&services=b}. */
  @GET
  @Path("/projects/{ref}/health")
  Response getHealth(
      @HeaderParam("Authorization") String authorization,
      @PathParam("ref") String ref,
      @QueryParam("services") List<String> services);

  /** {@code GET /v1/projects/{ref}/api-keys?reveal=...}. */
  @GET
  @Path("/projects/{ref}/api-keys")
  Response listApiKeys(
      @HeaderParam("Authorization") String authorization,
      @PathParam("ref") String ref,
      @QueryParam("reveal") boolean reveal);

  /** {@code POST /v1/projects/{ref}/database/query}: 201 or 200 with a JSON array of rows. */
  @POST
  @Path("/projects/{ref}/database/query")
  @Consumes(MediaType.APPLICATION_JSON)
  Response runQuery(
      @HeaderParam("Authorization") String authorization,
      @PathParam("ref") String ref,
      String body);

  /** {@code DELETE /v1/projects/{ref}}: 200, or 404 when already gone. */
  @DELETE
  @Path("/projects/{ref}")
  Response deleteProject(
      @HeaderParam("Authorization") String authorization, @PathParam("ref") String ref);
}
