package io.storeplane.provisioning.connect.table;

import java.util.List;
import java.util.Map;

/**
 * The table-level access to one store's data that store apps and the store data API use, the same
 * for every backend ({@link JdbcStoreTables} for PostgreSQL and MySQL stores, {@link
 * PostgrestStoreTables} for Supabase stores over their project's Data API). Table and column names
 * are checked against the client schema manifest and never spliced from caller text; values are
 * always bound as parameters.
 *
 * <p>Every method throws {@link io.storeplane.provisioning.ProvisioningException}: {@code
 * unknown-table}, {@code unknown-column} and {@code invalid-data-request} for a bad request, {@code
 * constraint-violation} for a write the schema refuses, and the connection codes ({@code
 * store-database-unavailable}, {@code connection-capacity-exhausted}, {@code store-query-timeout})
 * when the store's database cannot answer.
 */
public interface StoreTables {

  /** One page of the rows matching {@code query}, with their total when it asks for a count. */
  RowPage select(String table, TableQuery query);

  /** How many rows match every filter. */
  long count(String table, List<Filter> filters);

  /**
   * Inserts one row. A table with a UUID {@code id} gets a new one when none is given.
   *
   * @return the row as stored (read back by id when the table has one, else the values given)
   */
  Map<String, Object> insert(String table, Map<String, Object> values);

  /**
   * Sets {@code values} on every row matching all filters; at least one filter is required.
   *
   * @return the rows changed
   */
  int update(String table, List<Filter> filters, Map<String, Object> values);

  /**
   * Deletes every row matching all filters; at least one filter is required.
   *
   * @return the rows deleted
   */
  int delete(String table, List<Filter> filters);
}
