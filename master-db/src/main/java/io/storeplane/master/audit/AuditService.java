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
    log.actorId = entry.actorId();
    log.actorLabel = entry.actorLabel();
    log.action = entry.action();
    log.targetType = entry.targetType();
    log.targetId = entry.targetId();
    log.outcome = entry.outcome();
    log.requestId = entry.requestId();
    log.sourceIp = entry.sourceIp();
    log.details = entry.details() == null ? new HashMap<>() : new HashMap<>(entry.details());
    logs.persist(log);
    return log;
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
