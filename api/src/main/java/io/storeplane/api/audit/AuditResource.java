package io.storeplane.api.audit;

import io.storeplane.api.page.Pages;
import io.storeplane.api.problem.ApiException;
import io.storeplane.api.security.Permissions;
import io.storeplane.master.audit.AuditLog;
import io.storeplane.master.audit.AuditService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit trail, read-only (there is no way to change it through the API or the database). */
@Path("/api/v1/audit-logs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
public class AuditResource {

  private final AuditService audit;

  AuditResource(AuditService audit) {
    this.audit = audit;
  }

  /**
   * One audited action.
   *
   * @param id sequence number
   * @param occurredAt when
   * @param actorType user, token, system or anonymous
   * @param actorId the user or token id
   * @param actorLabel readable actor
   * @param action what was done
   * @param targetType kind of target
   * @param targetId target id
   * @param outcome success, failure or denied
   * @param requestId the request id
   * @param sourceIp the client address
   * @param details secret-free summary
   */
  public record AuditLogResponse(
      long id,
      Instant occurredAt,
      String actorType,
      String actorId,
      String actorLabel,
      String action,
      String targetType,
      String targetId,
      String outcome,
      String requestId,
      String sourceIp,
      Map<String, Object> details) {

    static AuditLogResponse of(AuditLog log) {
      return new AuditLogResponse(
          log.id,
          log.occurredAt,
          log.actorType.name().toLowerCase(java.util.Locale.ROOT),
          log.actorId,
          log.actorLabel,
          log.action,
          log.targetType,
          log.targetId,
          log.outcome.name().toLowerCase(java.util.Locale.ROOT),
          log.requestId,
          log.sourceIp,
          log.details);
    }
  }

  @GET
  @RolesAllowed(Permissions.AUDIT_READ)
  @Operation(summary = "Read the audit trail, newest first, with filters")
  public List<AuditLogResponse> list(
      @QueryParam("action") String action,
      @QueryParam("targetType") String targetType,
      @QueryParam("targetId") String targetId,
      @QueryParam("actorId") String actorId,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("page") @DefaultValue("0") @Min(0) int page,
      @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
    Pages.check(page, size);
    AuditService.Filter filter =
        new AuditService.Filter(
            Optional.ofNullable(action),
            Optional.ofNullable(targetType),
            Optional.ofNullable(targetId),
            Optional.ofNullable(actorId),
            instant("from", from),
            instant("to", to));
    return audit.search(filter, page, size).stream().map(AuditLogResponse::of).toList();
  }

  private static Optional<Instant> instant(String field, String value) {
    try {
      return Optional.ofNullable(value).map(Instant::parse);
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(field, "must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
    }
  }
}
