package io.storeplane.api.usage;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.storeplane.api.problem.Problem;
import io.storeplane.api.problem.RequestIdFilter;
import io.storeplane.api.security.CallerIdentity;
import io.storeplane.api.security.ClientAddress;
import io.storeplane.billing.request.StoreRequest;
import io.storeplane.billing.request.StoreRequestObserver;
import io.storeplane.master.token.Caller;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Builds one {@link StoreRequest} for every answered request that concerns a store (the store's own
 * token anywhere, or an authenticated platform caller under {@code /api/v1/stores/{id}}; a request
 * without a valid token is never charged to a store) and tells every {@link StoreRequestObserver}
 * (metering, the request log). It only reads what the request already holds: no I/O, no lock,
 * nothing that can slow or fail the answer.
 *
 * <p>The REST layer builds this filter while the application is built, before runtime
 * configuration, the master's pool or any other runtime bean exists. So the observers are looked up
 * once, on the first answered request, not here: an observer may be of any scope, inject runtime
 * configuration or the master's pool in its constructor, and still be told of every request. After
 * the first request a request costs one volatile read of the resolved list.
 */
@Singleton
public class StoreRequestFilter {

  private static final Logger LOG = Logger.getLogger(StoreRequestFilter.class);
  private static final String ARRIVED_NANOS = "storeplane.arrivedNanos";
  private static final String ARRIVED_AT = "storeplane.arrivedAt";
  private static final Pattern STORE_PATH = Pattern.compile("^/api/v1/stores/([^/]+)(?:/.*)?$");

  private final Instance<StoreRequestObserver> lookup;
  private final Clock clock;
  private final Map<Method, String> templates = new ConcurrentHashMap<>();

  /** Every active observer bean, resolved on the first answered request; null until then. */
  private volatile List<StoreRequestObserver> observers;

  StoreRequestFilter(Instance<StoreRequestObserver> observers, Clock clock) {
    this.lookup = observers;
    this.clock = clock;
  }

  /** Pre-matching and first, so the duration covers the refusals of later filters too. */
  @ServerRequestFilter(preMatching = true, priority = 0)
  public void arrived(ContainerRequestContext request) {
    request.setProperty(ARRIVED_NANOS, System.nanoTime());
    request.setProperty(ARRIVED_AT, clock.instant());
  }

  @ServerResponseFilter
  public void answered(
      ContainerRequestContext request,
      ContainerResponseContext response,
      ResourceInfo resource,
      RoutingContext routing) {
    List<StoreRequestObserver> observers = observers();
    if (observers.isEmpty() || !(request.getProperty(ARRIVED_NANOS) instanceof Long arrived)) {
      return;
    }
    Optional<Caller> caller = caller(routing);
    if (caller.isEmpty()) {
      // Only an authenticated caller's request is charged to a store: a call without a valid token
      // on /api/v1/stores/<id> must not use up that store's quota or bill it.
      return;
    }
    Optional<UUID> store =
        caller.flatMap(Caller::store).or(() -> storeOfPath(routing.normalizedPath()));
    if (store.isEmpty()) {
      return;
    }
    StoreRequest observed =
        new StoreRequest(
            store.get(),
            caller.flatMap(Caller::store).isEmpty(),
            request.getMethod(),
            template(resource),
            response.getStatus(),
            response.getEntity() instanceof Problem problem ? problem.code() : null,
            System.nanoTime() - arrived,
            request.getProperty(ARRIVED_AT) instanceof Instant at ? at : clock.instant(),
            ClientAddress.of(routing.request()),
            request.getHeaderString("User-Agent"),
            RequestIdFilter.of(request));
    for (StoreRequestObserver observer : observers) {
      try {
        observer.observed(observed);
      } catch (RuntimeException e) {
        // An observer's defect must never fail the answer; it is logged and the others still run.
        LOG.errorf(e, "Store request observer %s failed", observer.getClass().getName());
      }
    }
  }

  /**
   * The active observers, looked up the first time a request is answered (at runtime, never
   * earlier). With metering and the request log both off the list is empty, and a request costs the
   * response filter one volatile read.
   */
  private List<StoreRequestObserver> observers() {
    List<StoreRequestObserver> resolved = observers;
    if (resolved == null) {
      synchronized (this) {
        resolved = observers;
        if (resolved == null) {
          resolved = lookup.stream().filter(StoreRequestObserver::active).toList();
          observers = resolved;
        }
      }
    }
    return resolved;
  }

  private static Optional<Caller> caller(RoutingContext routing) {
    if (routing.user() instanceof QuarkusHttpUser user) {
      SecurityIdentity identity = user.getSecurityIdentity();
      return CallerIdentity.of(identity);
    }
    return Optional.empty();
  }

  /** The store a platform caller's path is under; empty when the path names none or no UUID. */
  static Optional<UUID> storeOfPath(String path) {
    Matcher matcher = path == null ? null : STORE_PATH.matcher(path);
    if (matcher == null || !matcher.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(matcher.group(1)));
    } catch (IllegalArgumentException notAnId) {
      return Optional.empty();
    }
  }

  /**
   * The matched route's template, class {@code @Path} and method {@code @Path} joined. The REST
   * layer keeps one {@link ResourceInfo} per endpoint, which resolves its method once; the template
   * is then one map lookup.
   */
  private String template(ResourceInfo resource) {
    Method method;
    try {
      method = resource == null ? null : resource.getResourceMethod();
    } catch (RuntimeException notResolved) {
      // the REST layer could not resolve the method (it wraps NoSuchMethodException): never fail
      // the answer for a template
      return StoreRequest.UNMATCHED;
    }
    return method == null
        ? StoreRequest.UNMATCHED
        : templates.computeIfAbsent(method, StoreRequestFilter::join);
  }

  private static String join(Method method) {
    Path type = method.getDeclaringClass().getAnnotation(Path.class);
    Path own = method.getAnnotation(Path.class);
    String joined = (type == null ? "" : type.value()) + (own == null ? "" : "/" + own.value());
    return joined.replaceAll("/+", "/").replaceAll("(.)/$", "$1");
  }
}
