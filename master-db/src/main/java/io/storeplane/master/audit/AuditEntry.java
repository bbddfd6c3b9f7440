package io.storeplane.master.audit;

import java.util.Map;

/**
 * One action to record. Details summarise what changed and must never hold a secret.
 *
 * @param actorType who acted
 * @param actorId the user, token or component id
 * @param actorLabel a readable name (an e-mail, {@code store:<id>}, {@code system})
 * @param action what was done, e.g. {@code store.create}
 * @param targetType the kind of thing acted on, e.g. {@code store}
 * @param targetId its id, when known
 * @param outcome how it ended
 * @param requestId the HTTP request id, when there was one
 * @param sourceIp the client address, when there was one
 * @param details a secret-free before/after summary
 */
public record AuditEntry(
    ActorType actorType,
    String actorId,
    String actorLabel,
    String action,
    String targetType,
    String targetId,
    AuditOutcome outcome,
    String requestId,
    String sourceIp,
    Map<String, Object> details) {}
