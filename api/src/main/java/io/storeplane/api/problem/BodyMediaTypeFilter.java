package io.storeplane.api.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A request body must say what it is: without a {@code Content-Type}, or with a wildcard one
 * ({@code *}{@code /*}), RESTEasy would read it as the endpoint's JSON. Such a body answers 415
 * {@code unsupported-media-type}; a call without a body needs no content type. (A concrete type the
 * endpoint does not consume is refused by RESTEasy's matching, with the same problem.)
 */
public class BodyMediaTypeFilter {

  @ServerRequestFilter
  public void requireContentType(ContainerRequestContext request) {
    if (!hasBody(request)) {
      return;
    }
    MediaType type = request.getMediaType();
    if (type == null || type.isWildcardType() || type.isWildcardSubtype()) {
      throw new ApiException(
          ProblemType.UNSUPPORTED_MEDIA_TYPE,
          "Send the body with 'Content-Type: application/json'.");
    }
  }

  private static boolean hasBody(ContainerRequestContext request) {
    String length = request.getHeaderString("Content-Length");
    return request.getHeaderString("Transfer-Encoding") != null
        || (length != null && !length.trim().equals("0"));
  }
}
