package io.storeplane.master.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One audited action. Append-only: the entity is immutable and a database trigger rejects UPDATE,
 * DELETE and TRUNCATE. Details summarise before/after without secrets.
 */
@Entity
@Immutable
@Table(name = "audit_logs")
public class AuditLog {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "occurred_at")
  public Instant occurredAt;

  @Enumerated(EnumType.STRING)
  @Column(name = "actor_type")
  public ActorType actorType;

  @Column(name = "actor_id")
  public String actorId;

  @Column(name = "actor_label")
  public String actorLabel;

  public String action;

  @Column(name = "target_type")
  public String targetType;

  @Column(name = "target_id")
  public String targetId;

  @Enumerated(EnumType.STRING)
  public AuditOutcome outcome;

  @Column(name = "request_id")
  public String requestId;

  @Column(name = "source_ip")
  public String sourceIp;

  @JdbcTypeCode(SqlTypes.JSON)
  public Map<String, Object> details = new HashMap<>();
}
