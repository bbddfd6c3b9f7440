package io.storeplane.console.audit;

import io.quarkus.qute.TemplateData;
import io.storeplane.master.audit.AuditLog;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An audit row as the console shows it. Details are written secret-free by whoever records them, so
 * they are shown as they are, in key order.
 */
@TemplateData
public record AuditRow(
    Instant occurredAt,
    String actorType,
    String actorId,
    String actor,
    String action,
    String target,
    String outcome,
    String details) {

  public static AuditRow of(AuditLog log) {
    String target =
        log.targetType == null
            ? ""
            : log.targetType + (log.targetId == null ? "" : " " + log.targetId);
    Map<String, Object> details = log.details == null ? Map.of() : new TreeMap<>(log.details);
    return new AuditRow(
        log.occurredAt,
        log.actorType.name().toLowerCase(Locale.ROOT),
        log.actorId == null ? "" : log.actorId,
        log.actorLabel == null ? (log.actorId == null ? "" : log.actorId) : log.actorLabel,
        log.action,
        target,
        log.outcome.name().toLowerCase(Locale.ROOT),
        details.entrySet().stream()
            .map(e -> e.getKey() + ": " + e.getValue())
            .collect(Collectors.joining(", ")));
  }
}
