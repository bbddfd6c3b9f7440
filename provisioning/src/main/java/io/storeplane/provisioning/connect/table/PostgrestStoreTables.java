package io.storeplane.provisioning.connect.table;

import io.storeplane.clientschema.manifest.ColumnSpec;
import io.storeplane.clientschema.manifest.Manifest;
import io.storeplane.clientschema.manifest.TableSpec;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.connect.table.TableRequests.Insert;
import io.storeplane.provisioning.connect.table.TableRequests.Match;
import io.storeplane.provisioning.connect.table.TableRequests.Read;
import io.storeplane.provisioning.connect.table.TableRequests.Update;
import io.storeplane.provisioning.supabase.SupabaseException;
import io.storeplane.provisioning.supabase.rest.PostgrestClient;
import io.storeplane.provisioning.supabase.rest.PostgrestPage;
import io.storeplane.provisioning.supabase.rest.Query;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@link StoreTables} over PostgREST, for Supabase stores: the same checks as {@link
 * JdbcStoreTables} ({@link TableRequests}), rendered as Data API requests. A select asks for the
 * manifest's columns by name and orders as the JDBC path does (the caller's keys, then {@code id});
 * a page larger than one request may carry ({@link PostgrestClient#pageSize()}, at most the
 * project's {@code max_rows}) is fetched in several requests; counts are exact ({@code
 * Content-Range}). Rows come back as the JDBC path returns them ({@link PostgrestValues}).
 */
public final class PostgrestStoreTables implements StoreTables {

  private final PostgrestExecutor executor;
  private final TableRequests requests;

  /**
   * @param executor runs requests with the store's Data API client
   * @param manifest the client schema the store is at
   * @param maxPageSize the most rows one select may return
   */
  public PostgrestStoreTables(PostgrestExecutor executor, Manifest manifest, int maxPageSize) {
    this.executor = executor;
    this.requests = new TableRequests(manifest, maxPageSize);
  }

  @Override
  public RowPage select(String table, TableQuery query) {
    Read read = requests.read(table, query);
    TableSpec spec = read.table();
    Query rest =
        new Query(
            spec.columns().stream().map(ColumnSpec::name).toList(),
            PostgrestQueries.filters(read.conditions()),
            PostgrestQueries.orders(read.order()),
            OptionalLong.of(read.limit()),
            read.offset(),
            read.count());
    return executor.execute(
        client -> {
          PostgrestPage page = page(client, spec, rest);
          OptionalLong total = OptionalLong.empty();
          if (read.count()) {
            total = OptionalLong.of(page.totalCount().orElseThrow(() -> noCount(spec)));
          }
          return new RowPage(
              PostgrestValues.rows(spec, page.rows()), read.limit(), read.offset(), total);
        });
  }

  @Override
  public long count(String table, List<Filter> filters) {
    Match match = requests.count(table, filters);
    return executor.execute(
        client -> client.count(match.table().name(), PostgrestQueries.filters(match.conditions())));
  }

  @Override
  public Map<String, Object> insert(String table, Map<String, Object> values) {
    Insert insert = requests.insert(table, values);
    TableSpec spec = insert.table();
    Map<String, Object> body = PostgrestValues.body(insert.values());
    return executor.execute(
        client -> {
          List<Map<String, Object>> stored = client.insert(spec.name(), List.of(body));
          if (insert.id().isEmpty() || stored.isEmpty()) {
            return insert.given();
          }
          return PostgrestValues.rows(spec, stored.subList(0, 1)).get(0);
        });
  }

  @Override
  public int update(String table, List<Filter> filters, Map<String, Object> values) {
    Update update = requests.update(table, filters, values);
    Map<String, Object> body = PostgrestValues.body(update.values());
    var where = PostgrestQueries.filters(update.conditions());
    return executor.execute(client -> client.update(update.table().name(), where, body).size());
  }

  @Override
  public int delete(String table, List<Filter> filters) {
    Match match = requests.delete(table, filters);
    var where = PostgrestQueries.filters(match.conditions());
    return executor.execute(client -> client.delete(match.table().name(), where));
  }

  /**
   * One request when the page fits in one, else pages of the client's size. PostgREST answers 416
   * ({@code PGRST103}) to a counted read starting past the last row, where SQL returns no rows: so
   * does this, with the count asked for separately.
   */
  private static PostgrestPage page(PostgrestClient client, TableSpec spec, Query query) {
    try {
      if (query.limit().getAsLong() <= client.pageSize()) {
        return client.selectPage(spec.name(), query);
      }
      return client.select(
          spec.name(),
          query.orders().isEmpty() ? PostgrestQueries.byEveryColumn(spec, query) : query);
    } catch (SupabaseException e) {
      if (e.httpStatus() != 416) {
        throw e;
      }
      return new PostgrestPage(
          List.of(),
          query.exactCount()
              ? OptionalLong.of(client.count(spec.name(), query.filters()))
              : OptionalLong.empty());
    }
  }

  private static SupabaseException noCount(TableSpec spec) {
    return SupabaseException.of(
        ProvisioningError.SUPABASE_INVALID_RESPONSE,
        "Supabase Data API count of " + spec.name() + " came without a Content-Range total",
        null);
  }
}
