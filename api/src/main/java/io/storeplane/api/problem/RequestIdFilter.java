package io.storeplane.api.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a safe token, else a new
 * one. It is echoed in the response header and in every problem document.
 */
public class RequestIdFilter {

  public static final String HEADER = "X-Request-Id";
  private static final String PROPERTY = "storeplane.requestId";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{8,64}");

  @ServerRequestFilter(preMatching = true)
  public void assign(ContainerRequestContext request) {
    request.setProperty(PROPERTY, idFor(request.getHeaderString(HEADER)));
  }

  /**
   * The id for a request whose {@code X-Request-Id} header is {@code given} (null when absent): the
   * caller's when it is a safe token, else a new one. Also used where the HTTP layer answers before
   * JAX-RS runs ({@link HttpLayerLimits}).
   */
  public static String idFor(String given) {
    return given != null && SAFE.matcher(given).matches() ? given : UUID.randomUUID().toString();
  }

  @ServerResponseFilter
  public void echo(ContainerRequestContext request, ContainerResponseContext response) {
    Object id = request.getProperty(PROPERTY);
    if (id != null) {
      response.getHeaders().putSingle(HEADER, id);
    }
  }

  /** The id assigned to this request, or a new one when the filter did not run. */
  public static String of(ContainerRequestContext request) {
    Object id = request == null ? null : request.getProperty(PROPERTY);
    return id == null ? UUID.randomUUID().toString() : id.toString();
  }
}
