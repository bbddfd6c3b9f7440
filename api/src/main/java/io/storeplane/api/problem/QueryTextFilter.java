package io.storeplane.api.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;

/**
 * No query parameter may hold the NUL character: no filter, id or name can contain it, and the
 * master database refuses it in a query (it used to answer 500). A 400 {@code validation-failed}
 * naming the parameter, never echoing its value.
 */
@Provider
public class QueryTextFilter implements ContainerRequestFilter {

  @Override
  public void filter(ContainerRequestContext request) {
    for (Map.Entry<String, List<String>> parameter :
        request.getUriInfo().getQueryParameters().entrySet()) {
      if (parameter.getKey().indexOf('\u0000') >= 0
          || parameter.getValue().stream().anyMatch(value -> value.indexOf('\u0000') >= 0)) {
        throw ApiException.invalid(
            parameter.getKey().replace('\u0000', '?'), "must not contain the NUL character");
      }
    }
  }
}
