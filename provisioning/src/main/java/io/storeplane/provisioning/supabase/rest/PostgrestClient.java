package io.storeplane.provisioning.supabase.rest;

import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.guard.OutboundGuards;
import io.storeplane.provisioning.supabase.RetryingCaller;
import io.storeplane.provisioning.supabase.Sleeper;
import io.storeplane.provisioning.supabase.SupabaseException;
import io.storeplane.provisioning.supabase.SupabaseJson;
import io.storeplane.provisioning.supabase.SupabaseKey;
import io.storeplane.provisioning.supabase.SupabaseResponses;
import io.storeplane.provisioning.supabase.SupabaseResponses.Answer;
import io.storeplane.provisioning.supabase.SupabaseResponses.Api;
import jakarta.ws.rs.core.AbstractMultivaluedMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One store's tables over PostgREST: select with filters, order, limit/offset and exact count,
 * paging past the {@code max_rows} cap; insert; update; delete. Every request carries the key as
 * {@link SupabaseKey} says, is checked against the outbound guard first (the project URL is
 * customer-given) and runs under the client's timeouts and retries (429 always; 5xx only for
 * reads). Errors are {@link SupabaseException}s; {@code SUPABASE_SCHEMA_MISSING} means the table is
 * not there ({@code PGRST205} or {@code 42P01}). Build one with {@link
 * io.storeplane.provisioning.supabase.runtime.SupabaseClients#dataApi}; it is thread-safe. {@link
 * #close()} releases its HTTP connections; a long-lived owner (the ConnectionManager) closes the
 * clients it replaces.
 */
public final class PostgrestClient implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(PostgrestClient.class);

  private static final java.util.Set<String> RESERVED =
      java.util.Set.of("select", "order", "limit", "offset", "columns", "on_conflict", "or", "and");

  private final PostgrestApi api;
  private final URI projectUrl;
  private final SupabaseKey key;
  private final RetryingCaller retry;
  private final Sleeper sleeper;
  private final int pageSize;

  /**
   * @param api the REST client for {@code <projectUrl>/rest/v1}
   * @param projectUrl the project URL, checked against the outbound guard before every request
   * @param key the store's key (service role)
   * @param retry retries for 429 and, on reads, 5xx
   * @param sleeper waits between schema probes
   * @param pageSize rows per request when paging; at most the project's {@code max_rows} (1000)
   */
  public PostgrestClient(
      PostgrestApi api,
      URI projectUrl,
      SupabaseKey key,
      RetryingCaller retry,
      Sleeper sleeper,
      int pageSize) {
    this.api = Objects.requireNonNull(api, "api");
    this.projectUrl = Objects.requireNonNull(projectUrl, "projectUrl");
    this.key = Objects.requireNonNull(key, "key");
    this.retry = Objects.requireNonNull(retry, "retry");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be positive");
    }
    this.pageSize = pageSize;
  }

  /** The project URL this client talks to. */
  public URI projectUrl() {
    return projectUrl;
  }

  /** Rows per request when {@link #select} pages; at most the project's {@code max_rows}. */
  public int pageSize() {
    return pageSize;
  }

  /**
   * One request: the rows PostgREST returns for {@code query} (at most {@code max_rows} of them,
   * whatever the limit) and, when asked, the exact count from {@code Content-Range}.
   */
  public PostgrestPage selectPage(String table, Query query) {
    String operation = "select from " + PostgrestIdentifiers.require(table);
    MultivaluedMap<String, String> params = readParams(query);
    query.limit().ifPresent(limit -> params.add("limit", Long.toString(limit)));
    if (query.offset() > 0) {
      params.add("offset", Long.toString(query.offset()));
    }
    String prefer = query.exactCount() ? "count=exact" : null;
    Answer answer =
        call(
            operation,
            true,
            () -> api.select(table, params, key.apikeyHeader(), authorization(), prefer));
    List<Map<String, Object>> rows =
        SupabaseJson.rows(SupabaseJson.read(answer.body(), operation), operation);
    OptionalLong total =
        query.exactCount()
            ? ContentRange.parse(answer.contentRange()).total()
            : OptionalLong.empty();
    return new PostgrestPage(rows, total);
  }

  /**
   * Every row {@code query} matches, up to its limit, fetched in pages of the configured size so
   * that the {@code max_rows} cap (1000 on Supabase) never truncates the result. The first page
   * asks for the exact count, which bounds the loop. Paging needs a stable order: the query must
   * order by a unique key (e.g. the primary key) as its last term.
   *
   * @throws IllegalArgumentException when the query has no order
   */
  public PostgrestPage select(String table, Query query) {
    if (query.orders().isEmpty()) {
      throw new IllegalArgumentException(
          "Paging through " + table + " needs an order on a unique key; add orderBy(...)");
    }
    long wanted = query.limit().orElse(Long.MAX_VALUE);
    List<Map<String, Object>> rows = new ArrayList<>();
    long offset = query.offset();
    long total = -1;
    while (rows.size() < wanted) {
      long size = Math.min(pageSize, wanted - rows.size());
      Query page = query.offset(offset).limit(size);
      if (total < 0) {
        page = page.withExactCount();
      }
      PostgrestPage result = selectPage(table, page);
      if (total < 0) {
        total = result.totalCount().orElse(Long.MAX_VALUE);
      }
      rows.addAll(result.rows());
      offset += result.rows().size();
      if (result.rows().isEmpty() || offset >= total) {
        break;
      }
    }
    return new PostgrestPage(
        rows,
        query.exactCount() && total != Long.MAX_VALUE
            ? OptionalLong.of(total)
            : OptionalLong.empty());
  }

  /** The exact number of rows matching {@code filters}. */
  public long count(String table, List<PostgrestFilter> filters) {
    Query query = new Query(List.of(), filters, List.of(), OptionalLong.of(1), 0, true);
    return selectPage(table, query)
        .totalCount()
        .orElseThrow(
            () ->
                SupabaseException.of(
                    ProvisioningError.SUPABASE_INVALID_RESPONSE,
                    "Supabase Data API count of " + table + " came without a Content-Range total",
                    null));
  }

  /**
   * Inserts {@code rows} in one request and returns them as stored (defaults filled in). Retried on
   * 429 only. Rows with different keys are sent with the union of keys; a missing key is null.
   *
   * @throws SupabaseException {@code SUPABASE_CONFLICT} on a unique or foreign-key violation
   */
  public List<Map<String, Object>> insert(String table, List<Map<String, Object>> rows) {
    String operation = "insert into " + PostgrestIdentifiers.require(table);
    if (rows.isEmpty()) {
      return List.of();
    }
    rows.forEach(row -> row.keySet().forEach(PostgrestIdentifiers::require));
    String body = SupabaseJson.write(rows);
    Answer answer =
        call(
            operation,
            false,
            () ->
                api.insert(
                    table,
                    orderedParams(),
                    key.apikeyHeader(),
                    authorization(),
                    "return=representation",
                    body));
    return SupabaseJson.rows(SupabaseJson.read(answer.body(), operation), operation);
  }

  /**
   * Sets {@code values} on every row matching {@code filters} and returns the updated rows.
   *
   * @throws IllegalArgumentException without filters: PATCH without a filter updates every row
   */
  public List<Map<String, Object>> update(
      String table, List<PostgrestFilter> filters, Map<String, Object> values) {
    String operation = "update " + PostgrestIdentifiers.require(table);
    requireFilters(table, filters);
    values.keySet().forEach(PostgrestIdentifiers::require);
    String body = SupabaseJson.write(values);
    MultivaluedMap<String, String> params = filterParams(filters);
    Answer answer =
        call(
            operation,
            true,
            () ->
                api.update(
                    table,
                    params,
                    key.apikeyHeader(),
                    authorization(),
                    "return=representation",
                    body));
    return SupabaseJson.rows(SupabaseJson.read(answer.body(), operation), operation);
  }

  /**
   * Deletes every row matching {@code filters}.
   *
   * @return the number of rows deleted
   * @throws IllegalArgumentException without filters: DELETE without a filter empties the table
   */
  public int delete(String table, List<PostgrestFilter> filters) {
    String operation = "delete from " + PostgrestIdentifiers.require(table);
    requireFilters(table, filters);
    MultivaluedMap<String, String> params = filterParams(filters);
    Answer answer =
        call(
            operation,
            true,
            () ->
                api.delete(
                    table, params, key.apikeyHeader(), authorization(), "return=representation"));
    return SupabaseJson.rows(SupabaseJson.read(answer.body(), operation), operation).size();
  }

  /**
   * The smoke test after a schema change: reads {@code ?select=*&limit=1} from {@code table},
   * retrying while PostgREST's schema cache does not know the table yet ({@code
   * SUPABASE_SCHEMA_MISSING}) until {@code maxWait} has been spent in waits of {@code interval}.
   *
   * @throws SupabaseException {@code SUPABASE_SCHEMA_MISSING} when the table never appears, or any
   *     other failure at once
   */
  public void probe(String table, Duration maxWait, Duration interval) {
    Duration waited = Duration.ZERO;
    while (true) {
      try {
        selectPage(table, Query.all().limit(1));
        return;
      } catch (SupabaseException e) {
        if (e.code() != ProvisioningError.SUPABASE_SCHEMA_MISSING
            || waited.compareTo(maxWait) >= 0) {
          throw e;
        }
      }
      try {
        sleeper.sleep(interval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw SupabaseException.of(
            ProvisioningError.SUPABASE_UNAVAILABLE, "Interrupted while probing table " + table, e);
      }
      waited = waited.plus(interval);
    }
  }

  /** Closes the underlying REST client and its HTTP connections; calls after this fail. */
  @Override
  public void close() {
    if (api instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.debugf("Closing the Data API client of %s failed: %s", projectUrl, e.getMessage());
      }
    }
  }

  private Answer call(String operation, boolean idempotent, Supplier<Response> request) {
    return retry.call(
        operation,
        idempotent,
        () -> {
          int port =
              projectUrl.getPort() >= 0
                  ? projectUrl.getPort()
                  : "https".equals(projectUrl.getScheme()) ? 443 : 80;
          OutboundGuards.current().check(projectUrl.getHost(), port);
          Answer answer = SupabaseResponses.exchange(Api.DATA, operation, request);
          if (!answer.ok()) {
            throw SupabaseResponses.failure(Api.DATA, operation, answer);
          }
          return answer;
        });
  }

  private String authorization() {
    return key.authorizationHeader().orElse(null);
  }

  private static void requireFilters(String table, List<PostgrestFilter> filters) {
    if (filters.isEmpty()) {
      throw new IllegalArgumentException(
          "Refusing to change every row of " + table + ": give at least one filter");
    }
  }

  /** Query parameters in the order they were added, so requests are deterministic. */
  private static MultivaluedMap<String, String> orderedParams() {
    return new AbstractMultivaluedMap<>(new java.util.LinkedHashMap<String, List<String>>()) {};
  }

  private static MultivaluedMap<String, String> readParams(Query query) {
    MultivaluedMap<String, String> params = orderedParams();
    params.add("select", query.columns().isEmpty() ? "*" : String.join(",", query.columns()));
    filterParams(query.filters())
        .forEach((name, values) -> values.forEach(v -> params.add(name, v)));
    if (!query.orders().isEmpty()) {
      params.add(
          "order", String.join(",", query.orders().stream().map(PostgrestOrder::term).toList()));
    }
    return params;
  }

  private static MultivaluedMap<String, String> filterParams(List<PostgrestFilter> filters) {
    MultivaluedMap<String, String> params = orderedParams();
    for (PostgrestFilter filter : filters) {
      if (RESERVED.contains(filter.column())) {
        throw new IllegalArgumentException(
            "PostgREST cannot filter on a column named " + filter.column() + " (a reserved word)");
      }
      params.add(filter.column(), filter.queryValue());
    }
    return params;
  }
}
