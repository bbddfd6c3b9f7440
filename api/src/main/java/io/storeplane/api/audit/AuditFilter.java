package io.storeplane.api.audit;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.storeplane.api.problem.RequestIdFilter;
import io.storeplane.api.security.CallerIdentity;
import io.storeplane.master.audit.ActorType;
import io.storeplane.master.audit.AuditEntry;
import io.storeplane.master.audit.AuditOutcome;
import io.storeplane.master.audit.AuditService;
import io.storeplane.master.token.Caller;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Writes one audit row per call to an {@link Audited} endpoint, after the response is decided: the
 * actor, the action, the target, the outcome from the status (below 400 success; 401/403 denied;
 * else failure), the request id, the client address and the resource's secret-free details.
 */
@Singleton
public class AuditFilter {

  private static final Logger LOG = Logger.getLogger(AuditFilter.class);

  private final AuditService audit;
  private final CurrentIdentityAssociation identities;
  private final Instance<AuditContext> contexts;

  AuditFilter(
      AuditService audit, CurrentIdentityAssociation identities, Instance<AuditContext> contexts) {
    this.audit = audit;
    this.identities = identities;
    this.contexts = contexts;
  }

  @ServerResponseFilter
  public Uni<Void> record(
      ContainerRequestContext request,
      ContainerResponseContext response,
      SimpleResourceInfo resource,
      HttpServerRequest http) {
    if (resource == null || resource.getResourceClass() == null) {
      return Uni.createFrom().voidItem();
    }
    Audited audited = auditedOf(resource);
    if (audited == null) {
      return Uni.createFrom().voidItem();
    }
    AuditContext context = contexts.get();
    Optional<Caller> caller = currentCaller();
    String pathId = request.getUriInfo().getPathParameters().getFirst("id");
    String targetId = context.targetId() != null ? context.targetId() : pathId;
    int status = response.getStatus();
    AuditOutcome outcome =
        status < 400
            ? AuditOutcome.SUCCESS
            : status == 401 || status == 403 ? AuditOutcome.DENIED : AuditOutcome.FAILURE;
    Map<String, Object> details = new java.util.LinkedHashMap<>(context.details());
    details.put("status", status);
    AuditEntry entry =
        new AuditEntry(
            caller
                .map(c -> c.store().isPresent() ? ActorType.TOKEN : ActorType.USER)
                .orElse(ActorType.ANONYMOUS),
            caller
                .map(c -> c.userId() != null ? c.userId().toString() : c.tokenId().toString())
                .orElse(null),
            caller.map(Caller::label).orElse(null),
            audited.action(),
            audited.target(),
            targetId,
            outcome,
            RequestIdFilter.of(request),
            http.remoteAddress() == null ? null : http.remoteAddress().hostAddress(),
            details);
    // Denials are decided on the event loop; the database write always runs on a worker.
    return Uni.createFrom()
        .item(
            () -> {
              try {
                audit.record(entry);
              } catch (RuntimeException e) {
                LOG.errorf(
                    e,
                    "Could not write the audit row for %s on %s %s (request %s)",
                    entry.action(),
                    entry.targetType(),
                    entry.targetId(),
                    entry.requestId());
              }
              return (Void) null;
            })
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  /** The caller, or empty when there was none or its token failed authentication. */
  private Optional<Caller> currentCaller() {
    try {
      return CallerIdentity.of(identities.getIdentity());
    } catch (RuntimeException authenticationFailed) {
      return Optional.empty();
    }
  }

  private static Audited auditedOf(SimpleResourceInfo resource) {
    try {
      return resource
          .getResourceClass()
          .getMethod(resource.getMethodName(), resource.parameterTypes())
          .getAnnotation(Audited.class);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
