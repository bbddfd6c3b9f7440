package io.storeplane.master.usage;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Daily usage rows. */
@ApplicationScoped
public class UsageMetricRepository implements PanacheRepository<UsageMetric> {

  /** A store's rows from {@code from} to {@code to}, both inclusive, oldest first. */
  public List<UsageMetric> listForStore(UUID storeId, LocalDate from, LocalDate to) {
    return list(
        "storeId = ?1 and metricDate between ?2 and ?3 order by metricDate", storeId, from, to);
  }
}
