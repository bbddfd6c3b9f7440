package io.storeplane.master.store;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Stores, by id, slug and paged listing. */
@ApplicationScoped
public class StoreRepository implements PanacheRepositoryBase<Store, UUID> {

  public Optional<Store> findBySlug(String slug) {
    return find("slug", slug).firstResultOptional();
  }

  public boolean slugExists(String slug) {
    return count("slug", slug) > 0;
  }

  /** One page of stores matching the query. */
  public Page<Store> search(StoreQuery query) {
    List<String> where = new ArrayList<>();
    Parameters parameters = new Parameters();
    if (query.status().isPresent()) {
      where.add("status = :status");
      parameters.and("status", query.status().get());
    } else {
      where.add("status <> :deleted");
      parameters.and("deleted", StoreStatus.DELETED);
    }
    query
        .planCode()
        .ifPresent(
            plan -> {
              where.add("planCode = :plan");
              parameters.and("plan", plan);
            });
    query
        .databaseType()
        .ifPresent(
            type -> {
              where.add("databaseType = :type");
              parameters.and("type", type);
            });
    query
        .search()
        .filter(text -> !text.isBlank())
        .ifPresent(
            text -> {
              where.add(
                  "(lower(name) like :text escape '\\' or lower(slug) like :text escape '\\')");
              parameters.and(
                  "text", "%" + likeLiteral(text.strip().toLowerCase(Locale.ROOT)) + "%");
            });
    PanacheQuery<Store> found =
        find(String.join(" and ", where), query.sort().toPanacheSort(), parameters)
            .page(query.page(), query.size());
    return new Page<>(found.list(), query.page(), query.size(), found.count());
  }

  /** How many stores are in each status (a status with none is absent). */
  public Map<StoreStatus, Long> countByStatus() {
    Map<StoreStatus, Long> counts = new EnumMap<>(StoreStatus.class);
    getEntityManager()
        .createQuery("select s.status, count(s) from Store s group by s.status", Object[].class)
        .getResultList()
        .forEach(row -> counts.put((StoreStatus) row[0], (Long) row[1]));
    return counts;
  }

  /** The text with LIKE's wildcards and its escape character taken literally. */
  private static String likeLiteral(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
