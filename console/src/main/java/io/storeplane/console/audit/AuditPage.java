package io.storeplane.console.audit;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.smallrye.common.annotation.Blocking;
import io.storeplane.console.page.FormRules;
import io.storeplane.console.session.ConsoleConfig;
import io.storeplane.console.session.ConsoleRefusal;
import io.storeplane.console.session.ConsoleRequest;
import io.storeplane.master.audit.AuditLog;
import io.storeplane.master.audit.AuditService;
import io.storeplane.master.user.Permissions;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The audit log, newest first, filtered by actor, action, store and time range, a page at a time:
 * the same search as {@code GET /api/v1/audit-logs} ({@code audit:read}).
 */
@Path("/console/audit")
@PermitAll
@Blocking
@Produces(MediaType.TEXT_HTML)
public class AuditPage {

  private static final int MAX_ACTION = 100;

  private final AuditService audit;
  private final ConsoleRequest console;
  private final ConsoleConfig config;
  private final Template page;

  AuditPage(
      AuditService audit,
      ConsoleRequest console,
      ConsoleConfig config,
      @Location("console/audit.html") Template page) {
    this.audit = audit;
    this.console = console;
    this.config = config;
    this.page = page;
  }

  /** The filters as entered, shown back in the form and kept in the pager's links. */
  @TemplateData
  public record Filters(String actor, String action, String store, String from, String to) {

    /** The query string of these filters (without the page), for the pager's links. */
    public String query() {
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("actor", actor);
      fields.put("action", action);
      fields.put("store", store);
      fields.put("from", from);
      fields.put("to", to);
      return fields.entrySet().stream()
          .filter(e -> !e.getValue().isEmpty())
          .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
          .collect(Collectors.joining("&"));
    }
  }

  @GET
  public Response list(
      @QueryParam("actor") String actor,
      @QueryParam("action") String action,
      @QueryParam("store") String store,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("page") String page) {
    console.requireRead(Permissions.AUDIT_READ);
    Filters filters =
        new Filters(
            FormRules.strip(actor),
            FormRules.strip(action),
            FormRules.strip(store),
            FormRules.strip(from),
            FormRules.strip(to));
    int index = ConsoleRefusal.pageOrBadRequest(page);
    AuditService.Filter filter =
        new AuditService.Filter(
            text(filters.action(), "action", MAX_ACTION),
            filters.store().isEmpty() ? Optional.empty() : Optional.of("store"),
            id(filters.store(), "store"),
            id(filters.actor(), "actor"),
            instant(filters.from(), "from"),
            instant(filters.to(), "to"));
    int size = config.pageSize();
    // One row more than a page says whether a next page exists without counting them all.
    List<AuditLog> found = audit.search(filter, index, size + 1);
    List<AuditRow> rows = found.stream().limit(size).map(AuditRow::of).toList();
    return Response.ok(
            this.page
                .data("rows", rows)
                .data("filters", filters)
                .data("page", index)
                .data("hasPrevious", index > 0)
                .data("hasNext", found.size() > size)
                .render())
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .build();
  }

  private static Optional<String> text(String value, String field, int max) {
    if (value.length() > max) {
      throw new ConsoleRefusal(400, "The " + field + " must have at most " + max + " characters.");
    }
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /** An actor or store filter is the id the audit rows name (a user's, a store's). */
  private static Optional<String> id(String value, String field) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(value).toString());
    } catch (IllegalArgumentException e) {
      throw new ConsoleRefusal(400, "The " + field + " filter must be an id.");
    }
  }

  /** A time from the form's date-time field (UTC), or an ISO-8601 instant. */
  private static Optional<Instant> instant(String value, String field) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          value.endsWith("Z")
              ? Instant.parse(value)
              : LocalDateTime.parse(value).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      throw new ConsoleRefusal(
          400, "The " + field + " time must be a date and time, e.g. 2026-01-31T09:30 (UTC).");
    }
  }
}
