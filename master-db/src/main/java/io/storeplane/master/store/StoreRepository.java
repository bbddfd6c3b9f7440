package io.storeplane.master.store;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
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

  /**
   * The slugs of the stores among {@code ids}, in one query; an id with no store is absent. Deleted
   * stores keep their slug and are included.
   */
  public Map<UUID, String> slugsOf(Collection<UUID> ids) {
    return pairs("SELECT id, slug FROM stores WHERE id = ANY(?1)", ids.toArray(UUID[]::new));
  }

  /**
   * The ids of the stores with one of {@code slugs}, by slug, in one query; a slug with none is
   * absent.
   */
  public Map<String, UUID> idsBySlug(Collection<String> slugs) {
    return pairs("SELECT slug, id FROM stores WHERE slug = ANY(?1)", slugs.toArray(String[]::new));
  }

  /**
   * Whether a store (deleted or not) has this slug: a select of at most one id, whose translated
   * query Hibernate keeps (a Panache {@code count} builds and translates its count query on every
   * call; every store creation asks this).
   */
  public boolean slugExists(String slug) {
    return !getEntityManager()
        .createQuery("select s.id from Store s where s.slug = :slug", UUID.class)
        .setParameter("slug", slug)
        .setMaxResults(1)
        .getResultList()
        .isEmpty();
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

  /**
   * The first column by the second of {@code sql}'s rows, its one parameter an array: one query
   * however many values (an IN list would run out of bind markers on a large fleet).
   */
  @SuppressWarnings("unchecked")
  private <K, V> Map<K, V> pairs(String sql, Object[] values) {
    Map<K, V> pairs = new HashMap<>();
    if (values.length == 0) {
      return pairs;
    }
    for (Object row :
        getEntityManager().createNativeQuery(sql).setParameter(1, values).getResultList()) {
      Object[] columns = (Object[]) row;
      pairs.put((K) columns[0], (V) columns[1]);
    }
    return pairs;
  }

  /** The text with LIKE's wildcards and its escape character taken literally. */
  private static String likeLiteral(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
