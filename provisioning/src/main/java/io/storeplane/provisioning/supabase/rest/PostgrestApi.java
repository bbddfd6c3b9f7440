package io.storeplane.provisioning.supabase.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * PostgREST (Supabase's Data API, {@code <projectUrl>/rest/v1}) as a MicroProfile REST client, one
 * instance per store, built by {@link io.storeplane.provisioning.supabase.runtime.SupabaseClients}.
 * The transport only: query values arrive in PostgREST syntax and the client percent-encodes them
 * (pinned by the contract test), headers are computed by {@link PostgrestClient}, and every method
 * returns the raw {@link Response} so the caller can read {@code Content-Range} and error bodies. A
 * null header is not sent.
 */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public interface PostgrestApi {

  /** {@code GET /<table>?<query>}. */
  @GET
  @Path("/{table}")
  Response select(
      @PathParam("table") String table,
      @RestQuery MultivaluedMap<String, String> query,
      @HeaderParam("apikey") String apikey,
      @HeaderParam("Authorization") String authorization,
      @HeaderParam("Prefer") String prefer);

  /** {@code POST /<table>} with a JSON array of rows. */
  @POST
  @Path("/{table}")
  @Consumes(MediaType.APPLICATION_JSON)
  Response insert(
      @PathParam("table") String table,
      @RestQuery MultivaluedMap<String, String> query,
      @HeaderParam("apikey") String apikey,
      @HeaderParam("Authorization") String authorization,
      @HeaderParam("Prefer") String prefer,
      String body);

  /** {@code PATCH /<table>?<filters>} with a JSON object of new values. */
  @PATCH
  @Path("/{table}")
  @Consumes(MediaType.APPLICATION_JSON)
  Response update(
      @PathParam("table") String table,
      @RestQuery MultivaluedMap<String, String> query,
      @HeaderParam("apikey") String apikey,
      @HeaderParam("Authorization") String authorization,
      @HeaderParam("Prefer") String prefer,
      String body);

  /** {@code DELETE /<table>?<filters>}. */
  @DELETE
  @Path("/{table}")
  Response delete(
      @PathParam("table") String table,
      @RestQuery MultivaluedMap<String, String> query,
      @HeaderParam("apikey") String apikey,
      @HeaderParam("Authorization") String authorization,
      @HeaderParam("Prefer") String prefer);
}
