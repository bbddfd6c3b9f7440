package io.storeplane.master.job;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Provisioning jobs and their step records. */
@ApplicationScoped
public class ProvisioningJobRepository implements PanacheRepositoryBase<ProvisioningJob, UUID> {

  /** The store's queued or running job, if any (there is at most one). */
  public Optional<ProvisioningJob> findActive(UUID storeId) {
    return find(
            "storeId = ?1 and status in ?2", storeId, List.of(JobStatus.QUEUED, JobStatus.RUNNING))
        .firstResultOptional();
  }

  /** The store's most recent job. */
  public Optional<ProvisioningJob> findLatest(UUID storeId) {
    return find("storeId = ?1 order by createdAt desc", storeId).firstResultOptional();
  }

  public List<ProvisioningJobStep> steps(UUID jobId) {
    return getEntityManager()
        .createQuery(
            "from ProvisioningJobStep where jobId = :job order by id", ProvisioningJobStep.class)
        .setParameter("job", jobId)
        .getResultList();
  }
}
