package io.storeplane.master.audit;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

/** Audit rows. Only {@code persist} and reads are used: the table is append-only. */
@ApplicationScoped
public class AuditLogRepository implements PanacheRepository<AuditLog> {}
