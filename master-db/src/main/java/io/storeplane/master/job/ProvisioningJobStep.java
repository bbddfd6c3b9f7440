package io.storeplane.master.job;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The record of one step of one attempt of a provisioning job. */
@Entity
@Table(name = "provisioning_job_steps")
public class ProvisioningJobStep {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "job_id")
  public UUID jobId;

  public String step;

  public int attempt;

  @Enumerated(EnumType.STRING)
  public StepStatus status;

  public String message;

  @Column(name = "started_at")
  public Instant startedAt;

  @Column(name = "finished_at")
  public Instant finishedAt;
}
