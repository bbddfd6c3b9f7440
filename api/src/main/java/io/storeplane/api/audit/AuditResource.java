package io.storeplane.api.audit;

import io.storeplane.api.page.Pages;
import io.storeplane.api.problem.ApiException;
import io.storeplane.master.audit.AuditLog;
import io.storeplane.master.audit.AuditService;
import io.storeplane.master.user.Permissions;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
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
  @Schema(description = "One audited action")
  public record AuditLogResponse(
      @Schema(required = true, description = "Sequence number", example = "1042") long id,
      @Schema(required = true, description = "When it happened") Instant occurredAt,
      @Schema(
              required = true,
              description = "Who acted",
              enumeration = {"user", "token", "system", "anonymous"},
              example = "user")
          String actorType,
      @Schema(
              required = true,
              nullable = true,
              description = "The user id, or a store token's id; null for system and anonymous")
          String actorId,
      @Schema(
              required = true,
              nullable = true,
              description = "Readable actor: the user's e-mail, or `store:<id>` for a store token",
              example = "ada@example.com")
          String actorLabel,
      @Schema(required = true, description = "What was done", example = "store.create")
          String action,
      @Schema(required = true, description = "Kind of target", example = "store") String targetType,
      @Schema(
              required = true,
              nullable = true,
              description = "The target's id; null when the action has none (or it failed first)")
          String targetId,
      @Schema(
              required = true,
              description =
                  "How it ended: success below 400, denied on 401 or 403, failure otherwise",
              enumeration = {"success", "failure", "denied"},
              example = "success")
          String outcome,
      @Schema(required = true, nullable = true, description = "The request id") String requestId,
      @Schema(required = true, nullable = true, description = "The client address") String sourceIp,
      @Schema(
              required = true,
              type = SchemaType.OBJECT,
              additionalProperties = AuditDetailValue.class,
              description =
                  "A secret-free summary of the call, by action (always with the HTTP `status`)",
              example = "{\"slug\": \"acme-shoes\", \"plan\": \"starter\", \"status\": 201}")
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

  /**
   * One value in an audit row's details (details are flat): its schema, a string, a number or a
   * boolean, is given in application.properties ({@code mp.openapi.schema.*}).
   */
  interface AuditDetailValue {}

  @GET
  @RolesAllowed(Permissions.AUDIT_READ)
  @Operation(
      operationId = "listAuditLogs",
      summary = "Read the audit trail",
      description =
          "Audited actions, newest first, filtered by action, target, actor and time; one page"
              + " at a time (a plain array). Every mutating call is in it, allowed or not. Needs"
              + " `audit:read`.")
  public List<AuditLogResponse> list(
      @Parameter(description = "Only this action, e.g. `store.create`") @QueryParam("action")
          String action,
      @Parameter(description = "Only this kind of target, e.g. `store`") @QueryParam("targetType")
          String targetType,
      @Parameter(description = "Only this target id") @QueryParam("targetId") String targetId,
      @Parameter(description = "Only this actor id") @QueryParam("actorId") String actorId,
      @Parameter(
              description = "From this instant on (ISO-8601, e.g. `2026-01-31T00:00:00Z`)",
              schema = @Schema(type = SchemaType.STRING, format = "date-time"))
          @QueryParam("from")
          String from,
      @Parameter(
              description = "Up to this instant (ISO-8601)",
              schema = @Schema(type = SchemaType.STRING, format = "date-time"))
          @QueryParam("to")
          String to,
      @Parameter(description = "Zero-based page index")
          @QueryParam("page")
          @DefaultValue("0")
          @Min(0)
          int page,
      @Parameter(description = "Page size")
          @QueryParam("size")
          @DefaultValue("50")
          @Min(1)
          @Max(500)
          int size) {
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
