package io.storeplane.billing.limits;

import io.storeplane.billing.plan.PlanTerms;
import io.storeplane.billing.plan.Storage;
import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import io.storeplane.provisioning.connect.ConnectionManager;
import io.storeplane.provisioning.connect.table.Filter;
import io.storeplane.provisioning.connect.table.StoreTables;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds store data writes to the hard limits of the store's plan. The store data API asks {@link
 * #admitInsert} before it inserts a row and tells the {@link Admission} whether the row was
 * created:
 *
 * <ul>
 *   <li>a product ({@code products}) past {@code max_products}: the store's products, counted live;
 *   <li>an order ({@code orders}) past {@code max_orders_per_month}: the orders whose {@code
 *       created_at} is in this calendar month (UTC), counted live;
 *   <li>any row while the storage the last usage rollup measured is at or over {@code
 *       max_storage_mb}.
 * </ul>
 *
 * <p>Live counts are read through the ConnectionManager's table API (the same on PostgreSQL,
 * MySQL/MariaDB and Supabase stores) and kept per store for {@code storeplane.limits.usage-cache}
 * with this instance's own creates added ({@link LiveCount}); the plan's terms and the storage
 * figure come from the master database, kept as long. A soft or absent limit is never counted.
 */
@ApplicationScoped
public class PlanLimits {

  /** The tables whose inserts count toward a limit of their own. */
  static final String PRODUCTS = "products";

  static final String ORDERS = "orders";

  private final ConnectionManager connections;
  private final StoreTermsReader termsReader;
  private final Clock clock;
  private final Duration maxAge;
  private final Duration inFlightWait;
  private final ConcurrentHashMap<UUID, StoreEntry> stores = new ConcurrentHashMap<>();
  private final AtomicReference<Instant> nextSweep = new AtomicReference<>(Instant.MIN);

  PlanLimits(ConnectionManager connections, LimitsConfig config, Clock clock) {
    this.connections = connections;
    this.termsReader = new StoreTermsReader(connections);
    this.clock = clock;
    this.maxAge = config.usageCache();
    this.inFlightWait = config.inFlightWait();
  }

  /**
   * Admits one insert into {@code table} of the store, or refuses it.
   *
   * @param tables the store's tables, through which a live count is read
   * @return the admission, to be told {@link Admission#created(Map)} when the row is stored and
   *     closed in every case
   * @throws PlanLimitException 402 {@code plan-limit-exceeded} when the insert would pass a hard
   *     limit
   */
  public Admission admitInsert(UUID storeId, String table, StoreTables tables) {
    Instant now = clock.instant();
    sweepIfDue(now);
    while (true) {
      StoreEntry entry = stores.computeIfAbsent(storeId, id -> new StoreEntry());
      StoreTerms terms = entry.terms(storeId, now);
      checkStorage(terms);
      Optional<Counted> counted = counted(table, terms.plan(), now);
      if (counted.isEmpty()) {
        return Admission.NOTHING_COUNTED;
      }
      Counted what = counted.get();
      LiveCount count = what.limit() == PlanLimit.PRODUCTS ? entry.products : entry.orders;
      LiveCount.Outcome outcome =
          count.reserve(now, what.period(), what.max(), () -> what.count(tables));
      if (outcome instanceof LiveCount.Granted granted) {
        return new Admission(count, granted, what.period());
      }
      if (outcome instanceof LiveCount.Refused refused) {
        throw new PlanLimitException(
            new LimitUsage(what.limit(), terms.plan().plan(), refused.usage(), what.max()));
      }
      // Retired by a sweep meanwhile, which takes the entry out of the map: take it again.
      Thread.onSpinWait();
    }
  }

  private static void checkStorage(StoreTerms terms) {
    Optional<Long> limit = terms.plan().storageMb().hardMax();
    if (limit.isPresent() && Storage.reached(terms.storageBytes(), limit.get())) {
      throw new PlanLimitException(
          new LimitUsage(
              PlanLimit.STORAGE_MB,
              terms.plan().plan(),
              Storage.mebibytes(terms.storageBytes()),
              limit.get()));
    }
  }

  /** The hard limit an insert into {@code table} counts toward, if any. */
  private static Optional<Counted> counted(String table, PlanTerms terms, Instant now) {
    if (PRODUCTS.equals(table)) {
      return terms
          .products()
          .hardMax()
          .map(max -> new Counted(PlanLimit.PRODUCTS, max, Instant.MIN));
    }
    if (ORDERS.equals(table)) {
      return terms
          .ordersPerMonth()
          .hardMax()
          .map(max -> new Counted(PlanLimit.ORDERS_PER_MONTH, max, monthStart(now)));
    }
    return Optional.empty();
  }

  /** 00:00 UTC on the first day of {@code now}'s calendar month (UTC). */
  static Instant monthStart(Instant now) {
    return LocalDate.ofInstant(now, ZoneOffset.UTC)
        .withDayOfMonth(1)
        .atStartOfDay()
        .toInstant(ZoneOffset.UTC);
  }

  /** At most once per cache age: drops the entries of stores not written for ten cache ages. */
  private void sweepIfDue(Instant now) {
    Instant due = nextSweep.get();
    if (now.isBefore(due) || !nextSweep.compareAndSet(due, now.plus(maxAge))) {
      return;
    }
    Instant idleSince = now.minus(maxAge.multipliedBy(10));
    stores.forEach(
        (id, entry) -> {
          if (entry.retireIfIdle(idleSince)) {
            stores.remove(id, entry);
          }
        });
  }

  /** A limit an insert counts toward: which, its most, and the start of the period counted. */
  private record Counted(PlanLimit limit, long max, Instant period) {

    long count(StoreTables tables) {
      return limit == PlanLimit.PRODUCTS
          ? tables.count(PRODUCTS, List.of())
          : tables.count(ORDERS, List.of(Filter.gte("created_at", period)));
    }
  }

  /** What this instance holds about one store. */
  private final class StoreEntry {

    final LiveCount products = new LiveCount(maxAge, inFlightWait);
    final LiveCount orders = new LiveCount(maxAge, inFlightWait);
    private volatile CachedTerms terms;

    StoreTerms terms(UUID storeId, Instant now) {
      CachedTerms cached = terms;
      if (cached == null || !now.isBefore(cached.readAt().plus(maxAge))) {
        try {
          cached = new CachedTerms(termsReader.read(storeId), now);
        } catch (SQLException e) {
          throw new MasterDataException(
              MasterError.MASTER_DATABASE_UNAVAILABLE, "Reading the plan limits of a store failed");
        }
        terms = cached;
      }
      return cached.terms();
    }

    /** Retires both counts, or neither (one is in use). */
    boolean retireIfIdle(Instant idleSince) {
      if (!products.retireIfIdle(idleSince)) {
        return false;
      }
      if (!orders.retireIfIdle(idleSince)) {
        products.unretire();
        return false;
      }
      return true;
    }
  }

  private record CachedTerms(StoreTerms terms, Instant readAt) {}

  /**
   * One admitted insert. {@link #created()} once the row is stored, so it counts; {@link #close()}
   * always (in a try-with-resources): an admission closed without it gives its place back.
   */
  public static final class Admission implements AutoCloseable {

    /** An insert no hard limit counts: nothing to report. */
    static final Admission NOTHING_COUNTED = new Admission(null, null, Instant.MIN);

    private final LiveCount count;
    private final LiveCount.Granted grant;
    private final Instant period;
    private boolean ended;

    private Admission(LiveCount count, LiveCount.Granted grant, Instant period) {
      this.count = count;
      this.grant = grant;
      this.period = period;
    }

    /**
     * The row was stored, as {@code row} (the insert's answer): it counts toward the limit, unless
     * its {@code created_at} is before the period counted, which the live count does not hold
     * either (the store data API lets no body set it, so only an insert that straddled the turn of
     * the month, stored with the database's time of the old one).
     */
    public void created(Map<String, Object> row) {
      if (count == null || ended) {
        return;
      }
      ended = true;
      if (row.get("created_at") instanceof Instant at && at.isBefore(period)) {
        count.ended(grant);
      } else {
        count.created(grant);
      }
    }

    @Override
    public void close() {
      if (count != null && !ended) {
        ended = true;
        count.ended(grant);
      }
    }
  }
}
