package io.storeplane.master.plan;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Plans, looked up by their code. */
@ApplicationScoped
public class PlanRepository implements PanacheRepositoryBase<Plan, String> {

  /** The plan with this code when it exists and is offered. */
  public Optional<Plan> findActive(String code) {
    return findByIdOptional(code).filter(plan -> plan.active);
  }

  public List<Plan> listOffered() {
    return list("active = true order by sortOrder");
  }
}
