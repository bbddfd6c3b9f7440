package io.storeplane.console.store;

import io.quarkus.qute.TemplateData;
import io.storeplane.console.session.ConsoleRefusal;
import io.storeplane.master.store.DatabaseType;
import io.storeplane.master.store.StoreQuery;
import io.storeplane.master.store.StoreSort;
import io.storeplane.master.store.StoreStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The store list's search, filters, order and page as the form sends them, checked: an unknown
 * value is refused with a message, never passed on, and no text reaches a query but as a parameter.
 *
 * @param q text the name or slug contains
 * @param status active, suspended or deleted; blank for every store but deleted ones
 * @param plan a plan's code
 * @param engine a database type's wire name (e.g. {@code managed-postgresql})
 * @param sort {@code field} or {@code field,desc}
 * @param page zero-based
 */
@TemplateData
public record StoreFilter(
    String q, String status, String plan, String engine, String sort, int page) {

  static final int MAX_TEXT = 100;

  /** The sort choices the form offers. */
  static final List<Choice> SORTS =
      List.of(
          new Choice("createdAt,desc", "Newest first"),
          new Choice("createdAt,asc", "Oldest first"),
          new Choice("name,asc", "Name A-Z"),
          new Choice("name,desc", "Name Z-A"),
          new Choice("slug,asc", "Slug A-Z"));

  /** One option of a select: its value and what it says. */
  @TemplateData
  public record Choice(String value, String label) {}

  static StoreFilter of(
      String q, String status, String plan, String engine, String sort, String page) {
    return new StoreFilter(
        blank(q),
        blank(status),
        blank(plan),
        blank(engine),
        blank(sort),
        ConsoleRefusal.pageOrBadRequest(page));
  }

  StoreQuery toQuery(int size) {
    if (q.length() > MAX_TEXT) {
      throw new ConsoleRefusal(400, "Search for at most " + MAX_TEXT + " characters.");
    }
    Optional<StoreStatus> statusFilter =
        status.isEmpty() ? Optional.empty() : Optional.of(parsedStatus());
    Optional<DatabaseType> type =
        engine.isEmpty()
            ? Optional.empty()
            : Optional.of(
                DatabaseType.fromWireName(engine)
                    .orElseThrow(
                        () ->
                            new ConsoleRefusal(
                                400,
                                "The engine must be one of "
                                    + String.join(
                                        ", ",
                                        Arrays.stream(DatabaseType.values())
                                            .map(DatabaseType::wireName)
                                            .toList())
                                    + ".")));
    StoreSort order =
        sort.isEmpty()
            ? StoreSort.DEFAULT
            : StoreSort.parse(sort)
                .orElseThrow(() -> new ConsoleRefusal(400, "Choose an order from the list."));
    return new StoreQuery(
        statusFilter,
        plan.isEmpty() ? Optional.empty() : Optional.of(plan),
        type,
        q.isEmpty() ? Optional.empty() : Optional.of(q),
        order,
        page,
        size);
  }

  /** The query string of this filter at another page. */
  public String at(int otherPage) {
    return "q="
        + encode(q)
        + "&status="
        + encode(status)
        + "&plan="
        + encode(plan)
        + "&engine="
        + encode(engine)
        + "&sort="
        + encode(sort)
        + "&page="
        + otherPage;
  }

  private StoreStatus parsedStatus() {
    try {
      return StoreStatus.valueOf(status.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConsoleRefusal(400, "The status must be active, suspended or deleted.");
    }
  }

  private static String blank(String value) {
    return value == null ? "" : value.strip();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
