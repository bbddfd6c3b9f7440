package io.storeplane.console.page;

import io.storeplane.console.session.ConsoleRefusal;
import io.storeplane.console.session.ConsoleRequest;
import io.storeplane.error.StoreplaneException;
import io.storeplane.master.audit.ActorType;
import io.storeplane.master.audit.AuditEntry;
import io.storeplane.master.audit.AuditOutcome;
import io.storeplane.master.audit.AuditService;
import io.storeplane.master.token.Caller;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records a console change in the audit log as the REST API records its own: the signed-in user as
 * the actor, {@code via: console} among the details. Actions are named as the REST API names them
 * ({@code store.suspend}, {@code token.create}), so one filter finds both.
 */
@RequestScoped
public class ConsoleAudit {

  private final AuditService audit;
  private final ConsoleRequest console;
  private final HttpServerRequest http;

  ConsoleAudit(AuditService audit, ConsoleRequest console, HttpServerRequest http) {
    this.audit = audit;
    this.console = console;
    this.http = http;
  }

  /** Records a change made by the signed-in user. */
  public void record(
      String action,
      String targetType,
      Object targetId,
      AuditOutcome outcome,
      Map<String, ?> more) {
    Caller caller = console.caller().orElseThrow();
    Map<String, Object> details = new LinkedHashMap<>(more);
    details.put("via", "console");
    audit.record(
        new AuditEntry(
            ActorType.USER,
            caller.userId().toString(),
            caller.label(),
            action,
            targetType,
            targetId == null ? null : targetId.toString(),
            outcome,
            null,
            http.remoteAddress() == null ? null : http.remoteAddress().hostAddress(),
            details));
  }

  /**
   * Records a service's refusal of a change (its code among the details) and returns it as the
   * console's refusal, with the status of its kind, for the page to throw.
   */
  public ConsoleRefusal refused(
      String action, String targetType, Object targetId, StoreplaneException refused) {
    record(
        action, targetType, targetId, AuditOutcome.FAILURE, Map.of("code", refused.code().code()));
    return ConsoleRefusal.of(refused);
  }
}
