package io.storeplane.master.audit;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Writes and reads the append-only audit trail. */
@ApplicationScoped
public class AuditService {

  private final AuditLogRepository logs;
  private final Clock clock;

  AuditService(AuditLogRepository logs, Clock clock) {
    this.logs = logs;
    this.clock = clock;
  }

  /** Records an entry in its own transaction, so a failed action is recorded too. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public AuditLog record(AuditEntry entry) {
    AuditLog log = new AuditLog();
    log.occurredAt = clock.instant();
    log.actorType = entry.actorType();
    log.actorId = fit(entry.actorId(), 64);
    log.actorLabel = fit(entry.actorLabel(), 254);
    log.action = fit(entry.action(), 64);
    log.targetType = fit(entry.targetType(), 32);
    log.targetId = fit(entry.targetId(), 64);
    log.outcome = entry.outcome();
    log.requestId = fit(entry.requestId(), 64);
    log.sourceIp = fit(entry.sourceIp(), 45);
    log.details = new HashMap<>();
    if (entry.details() != null) {
      entry.details().forEach((key, value) -> log.details.put(fit(key, 200), clean(value)));
    }
    logs.persist(log);
    return log;
  }

  /**
   * A value as its column can hold it, so a call with a hostile path or header is still recorded:
   * the NUL character (which PostgreSQL cannot store) becomes U+FFFD, and what is longer than the
   * column keeps its start and ends with "...".
   */
  static String fit(String value, int max) {
    if (value == null) {
      return null;
    }
    String clean = value.replace('\u0000', '\uFFFD');
    return clean.length() <= max ? clean : clean.substring(0, max - 3) + "...";
  }

  private static Object clean(Object value) {
    if (value instanceof String text) {
      return fit(text, 2000);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> cleaned = new HashMap<>();
      map.forEach((key, inner) -> cleaned.put(fit(String.valueOf(key), 200), clean(inner)));
      return cleaned;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(AuditService::clean).toList();
    }
    return value;
  }

  /**
   * Filters for reading the trail; empty fields do not filter.
   *
   * @param action exact action, e.g. {@code store.create}
   * @param targetType kind of target
   * @param targetId target id
   * @param actorId actor id
   * @param from from this time, inclusive
   * @param to before this time
   */
  public record Filter(
      Optional<String> action,
      Optional<String> targetType,
      Optional<String> targetId,
      Optional<String> actorId,
      Optional<Instant> from,
      Optional<Instant> to) {}

  /** A page of entries, newest first. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<AuditLog> search(Filter filter, int page, int size) {
    List<String> where = new ArrayList<>();
    Parameters parameters = new Parameters();
    filter.action().ifPresent(v -> add(where, parameters, "action", "action = :action", v));
    filter
        .targetType()
        .ifPresent(v -> add(where, parameters, "targetType", "targetType = :targetType", v));
    filter.targetId().ifPresent(v -> add(where, parameters, "targetId", "targetId = :targetId", v));
    filter.actorId().ifPresent(v -> add(where, parameters, "actorId", "actorId = :actorId", v));
    filter.from().ifPresent(v -> add(where, parameters, "from", "occurredAt >= :from", v));
    filter.to().ifPresent(v -> add(where, parameters, "to", "occurredAt < :to", v));
    Sort newestFirst = Sort.descending("occurredAt", "id");
    return (where.isEmpty()
            ? logs.findAll(newestFirst)
            : logs.find(String.join(" and ", where), newestFirst, parameters))
        .page(Page.of(page, size))
        .list();
  }

  private static void add(
      List<String> where, Parameters parameters, String name, String clause, Object value) {
    where.add(clause);
    parameters.and(name, value);
  }
}
