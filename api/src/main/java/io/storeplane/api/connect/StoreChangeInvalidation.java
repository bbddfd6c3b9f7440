package io.storeplane.api.connect;

import io.storeplane.provisioning.connect.ConnectionManager;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Drops a store's cached route on this instance as soon as a request changed the store (suspend,
 * resume, delete, plan or connection changes), so the change applies here at once; other instances
 * see it within {@code storeplane.pools.version-check-interval}. Runs after the change committed.
 * Writes to the store's data ({@code /data/...}) change no route and are left alone.
 */
public class StoreChangeInvalidation {

  private static final Pattern STORE_PATH =
      Pattern.compile(
          "^/?api/v1/stores/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}"
              + "-[0-9a-fA-F]{12})(/(?!data(/|$)).*)?$");

  private final ConnectionManager connections;

  StoreChangeInvalidation(ConnectionManager connections) {
    this.connections = connections;
  }

  @ServerResponseFilter
  public void invalidate(ContainerRequestContext request, ContainerResponseContext response) {
    if (HttpMethod.GET.equals(request.getMethod())
        || HttpMethod.HEAD.equals(request.getMethod())
        || response.getStatus() >= 300) {
      return;
    }
    Matcher matcher = STORE_PATH.matcher(request.getUriInfo().getPath());
    if (matcher.matches()) {
      connections.invalidate(UUID.fromString(matcher.group(1)));
    }
  }
}
