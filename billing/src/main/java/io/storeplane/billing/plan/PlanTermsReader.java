package io.storeplane.billing.plan;

import io.storeplane.master.plan.LimitMode;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The one reading of {@link PlanTerms} from the master. A query that needs a store's terms selects
 * {@link #COLUMNS} from {@link #FROM} (the store {@code s} and its plan {@code p}) beside its own
 * usage figures, so the terms cost no query of their own, and maps the row with {@link #read}.
 */
public final class PlanTermsReader {

  /** The select-list of the terms, from {@link #FROM}'s plan {@code p}. */
  public static final String COLUMNS =
      """
      p.code AS plan_code, p.max_products, p.products_limit, p.max_orders_per_month,
      p.orders_limit, p.max_storage_mb, p.storage_limit, p.max_api_calls_per_day, p.api_calls_limit\
      """;

  /** The store {@code s} and its plan {@code p}. */
  public static final String FROM = "stores s JOIN plans p ON p.code = s.plan_code";

  private PlanTermsReader() {}

  /** The terms on the current row of a result that selected {@link #COLUMNS}. */
  public static PlanTerms read(ResultSet row) throws SQLException {
    return new PlanTerms(
        row.getString("plan_code"),
        term(row, "max_products", "products_limit"),
        term(row, "max_orders_per_month", "orders_limit"),
        term(row, "max_storage_mb", "storage_limit"),
        term(row, "max_api_calls_per_day", "api_calls_limit"));
  }

  private static PlanTerms.Term term(ResultSet row, String limit, String mode) throws SQLException {
    long max = row.getLong(limit);
    return new PlanTerms.Term(row.wasNull() ? null : max, LimitMode.valueOf(row.getString(mode)));
  }
}
