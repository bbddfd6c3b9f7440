package io.storeplane.console.store;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.storeplane.console.audit.AuditRow;
import io.storeplane.console.page.ConsoleAudit;
import io.storeplane.console.session.ConsoleConfig;
import io.storeplane.console.session.ConsoleRefusal;
import io.storeplane.console.session.ConsoleRequest;
import io.storeplane.error.StoreplaneException;
import io.storeplane.master.audit.AuditOutcome;
import io.storeplane.master.audit.AuditService;
import io.storeplane.master.plan.PlanRepository;
import io.storeplane.master.store.DatabaseType;
import io.storeplane.master.store.Page;
import io.storeplane.master.store.Store;
import io.storeplane.master.store.StoreService;
import io.storeplane.master.store.StoreStatus;
import io.storeplane.master.subscription.SubscriptionRepository;
import io.storeplane.master.token.ApiToken;
import io.storeplane.master.token.Caller;
import io.storeplane.master.token.IssuedToken;
import io.storeplane.master.token.TokenService;
import io.storeplane.master.user.Permissions;
import io.storeplane.provisioning.connect.ConnectionManager;
import io.storeplane.provisioning.job.DeprovisionService;
import io.storeplane.provisioning.job.JobService;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The store list (search, filters, order, pages) and a store's page: where its database lives, its
 * connection state on this instance (pool, breaker), its subscription, its tokens (created with the
 * token shown once, revoked), its latest audit entries, suspend, resume and delete (confirmed with
 * the store's slug).
 */
@Path("/console/stores")
@PermitAll
@Blocking
@Produces(MediaType.TEXT_HTML)
public class StoresPage {

  private static final int MAX_TOKEN_NAME = 100;

  /** Audit entries a store's page shows; the audit log page has the rest. */
  private static final int RECENT_AUDIT = 10;

  private final StoreService stores;
  private final DeprovisionService deprovision;
  private final JobService jobs;
  private final TokenService tokens;
  private final PlanRepository plans;
  private final SubscriptionRepository subscriptions;
  private final ConnectionManager connections;
  private final AuditService auditLog;
  private final ConsoleRequest console;
  private final ConsoleAudit audit;
  private final ConsoleConfig config;
  private final Template list;
  private final Template rows;
  private final Template detail;

  StoresPage(
      StoreService stores,
      DeprovisionService deprovision,
      JobService jobs,
      TokenService tokens,
      PlanRepository plans,
      SubscriptionRepository subscriptions,
      ConnectionManager connections,
      AuditService auditLog,
      ConsoleRequest console,
      ConsoleAudit audit,
      ConsoleConfig config,
      @Location("console/stores.html") Template list,
      @Location("console/store-rows.html") Template rows,
      @Location("console/store.html") Template detail) {
    this.stores = stores;
    this.deprovision = deprovision;
    this.jobs = jobs;
    this.tokens = tokens;
    this.plans = plans;
    this.subscriptions = subscriptions;
    this.connections = connections;
    this.auditLog = auditLog;
    this.console = console;
    this.audit = audit;
    this.config = config;
    this.list = list;
    this.rows = rows;
    this.detail = detail;
  }

  /** One page of stores, with what the pager needs. */
  @TemplateData
  public record Listing(
      List<StoreRow> items, int page, int pages, long total, boolean hasPrevious, boolean hasNext) {
    static Listing of(Page<StoreRow> page) {
      int pages = Math.max(1, page.totalPages());
      return new Listing(
          page.items(),
          page.page(),
          pages,
          page.totalItems(),
          page.page() > 0,
          page.page() + 1 < page.totalPages());
    }
  }

  /** A store's token as its list shows it: never the token itself. */
  @TemplateData
  public record TokenRow(
      String id,
      String name,
      String prefix,
      Instant createdAt,
      Instant lastUsedAt,
      boolean revoked) {
    static TokenRow of(ApiToken token) {
      return new TokenRow(
          token.id.toString(),
          token.name,
          token.prefix,
          token.createdAt,
          token.lastUsedAt,
          token.revokedAt != null);
    }
  }

  /** A store's page: its facts, without a secret. */
  @TemplateData
  public record StoreView(
      StoreRow store,
      String suspensionReasons,
      String databaseHost,
      String databasePort,
      String databaseName,
      String databaseServer,
      String subscriptionStatus,
      String billingCycle,
      Instant trialEndsAt,
      Instant periodEnd,
      String latestJobId) {}

  @GET
  public Response list(
      @QueryParam("q") String q,
      @QueryParam("status") String status,
      @QueryParam("plan") String plan,
      @QueryParam("engine") String engine,
      @QueryParam("sort") String sort,
      @QueryParam("page") String page,
      @HeaderParam("HX-Target") String htmxTarget) {
    console.requireRead(Permissions.STORES_READ);
    StoreFilter filter = StoreFilter.of(q, status, plan, engine, sort, page);
    Listing listing =
        Listing.of(stores.search(filter.toQuery(config.pageSize())).map(StoreRow::of));
    if ("store-results".equals(htmxTarget)) {
      return html(rows.data("listing", listing).data("filter", filter));
    }
    return html(
        list.data("listing", listing)
            .data("filter", filter)
            .data("statuses", List.of("active", "suspended", "deleted"))
            .data(
                "plans",
                plans.listOffered().stream()
                    .map(p -> new StoreFilter.Choice(p.code, p.name))
                    .toList())
            .data(
                "engines",
                Arrays.stream(DatabaseType.values()).map(DatabaseType::wireName).toList())
            .data("sorts", StoreFilter.SORTS));
  }

  @GET
  @Path("/{id}")
  public Response show(@PathParam("id") String id) {
    console.requireRead(Permissions.STORES_READ);
    return html(page(store(id), null, null));
  }

  @POST
  @Path("/{id}/suspend")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response suspend(@PathParam("id") String id, @FormParam("csrf") String csrf) {
    console.admitPost(csrf, Permissions.STORES_WRITE);
    Store store = store(id);
    change("store.suspend", store.id, () -> stores.suspend(store.id));
    return backTo(store.id);
  }

  @POST
  @Path("/{id}/resume")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response resume(@PathParam("id") String id, @FormParam("csrf") String csrf) {
    console.admitPost(csrf, Permissions.STORES_WRITE);
    Store store = store(id);
    change("store.resume", store.id, () -> deprovision.resume(store.id));
    return backTo(store.id);
  }

  /**
   * Deletes the store (as {@code DELETE /api/v1/stores/{id}}), once the form's confirmation names
   * its slug; a wrong confirmation changes nothing.
   */
  @POST
  @Path("/{id}/delete")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response delete(
      @PathParam("id") String id,
      @FormParam("csrf") String csrf,
      @FormParam("confirm") String confirm) {
    console.admitPost(csrf, Permissions.STORES_WRITE);
    Store store = store(id);
    if (!store.slug.equals(confirm == null ? "" : confirm.strip())) {
      return html(
          page(store, null, null)
              .data("deleteError", "Type the store's slug, " + store.slug + ", to delete it."),
          400);
    }
    change("store.delete", store.id, () -> stores.delete(store.id));
    return backTo(store.id);
  }

  /** Creates a store token and shows it on this answer only (never stored, never shown again). */
  @POST
  @Path("/{id}/tokens")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response createToken(
      @PathParam("id") String id, @FormParam("csrf") String csrf, @FormParam("name") String name) {
    Caller caller = console.admitPost(csrf, Permissions.TOKENS_MANAGE);
    Store store = store(id);
    String tokenName = name == null ? "" : name.strip();
    if (tokenName.isEmpty() || tokenName.length() > MAX_TOKEN_NAME) {
      return html(
          page(store, null, "Name the token (1 to " + MAX_TOKEN_NAME + " characters)."), 400);
    }
    IssuedToken issued;
    try {
      issued = tokens.issueForStore(store.id, tokenName, Optional.empty(), caller.label());
    } catch (StoreplaneException refused) {
      return html(page(store, null, refused.detail()), refused.code().kind().status());
    }
    audit.record(
        "token.create",
        "token",
        issued.token().id,
        AuditOutcome.SUCCESS,
        Map.of("storeId", store.id.toString(), "prefix", issued.token().prefix));
    return Response.ok(page(store, issued.secret(), null).render())
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .header("Cache-Control", "no-store")
        .header("Pragma", "no-cache")
        .build();
  }

  @POST
  @Path("/{id}/tokens/{tokenId}/revoke")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response revokeToken(
      @PathParam("id") String id,
      @PathParam("tokenId") String tokenId,
      @FormParam("csrf") String csrf) {
    console.admitPost(csrf, Permissions.TOKENS_MANAGE);
    Store store = store(id);
    UUID token = ConsoleRefusal.idOrNotFound(tokenId, "token");
    boolean ofThisStore = tokens.listForStore(store.id).stream().anyMatch(t -> t.id.equals(token));
    if (!ofThisStore) {
      throw new ConsoleRefusal(404, "This store has no token with this id.");
    }
    change("token.revoke", token, () -> tokens.revoke(token));
    return backTo(store.id);
  }

  private TemplateInstance page(Store store, String newToken, String tokenError) {
    var subscription = subscriptions.findOpen(store.id);
    StoreView view =
        new StoreView(
            StoreRow.of(store),
            store.suspensionReasons.stream()
                .map(r -> StoreRow.lower(r.name()))
                .sorted()
                .collect(Collectors.joining(", ")),
            store.databaseHost == null ? "" : store.databaseHost,
            store.databasePort == null ? "" : store.databasePort.toString(),
            store.databaseName == null ? "" : store.databaseName,
            store.databaseServerId == null ? "" : store.databaseServerId.toString(),
            subscription.map(s -> StoreRow.lower(s.status.name())).orElse(""),
            subscription
                .map(s -> s.billingCycle == null ? "" : StoreRow.lower(s.billingCycle.name()))
                .orElse(""),
            subscription.map(s -> s.trialEndsAt).orElse(null),
            subscription.map(s -> s.currentPeriodEnd).orElse(null),
            jobs.latestJobId(store.id).map(UUID::toString).orElse(""));
    return detail
        .data("view", view)
        .data("tokens", tokens.listForStore(store.id).stream().map(TokenRow::of).toList())
        .data("newToken", newToken)
        .data("tokenError", tokenError)
        .data("connection", connection(store))
        .data("audit", recentAudit(store))
        .data("canReadAudit", console.can(Permissions.AUDIT_READ))
        .data("canWrite", console.can(Permissions.STORES_WRITE))
        .data("canManageTokens", console.can(Permissions.TOKENS_MANAGE))
        .data("suspended", store.status == StoreStatus.SUSPENDED)
        .data("deleted", store.status == StoreStatus.DELETED)
        .data("deleteError", null);
  }

  /** The store's latest audit entries, for a role that may read the audit log (else none). */
  private List<AuditRow> recentAudit(Store store) {
    if (!console.can(Permissions.AUDIT_READ)) {
      return List.of();
    }
    AuditService.Filter ofStore =
        new AuditService.Filter(
            Optional.empty(),
            Optional.of("store"),
            Optional.of(store.id.toString()),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    return auditLog.search(ofStore, 0, RECENT_AUDIT).stream().map(AuditRow::of).toList();
  }

  /** What this instance knows of the store's connection; empty when it cannot say. */
  private Optional<ConnectionView> connection(Store store) {
    if (store.databaseType == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(ConnectionView.of(connections.status(store.id)));
    } catch (StoreplaneException unknown) {
      return Optional.empty();
    }
  }

  /** Runs a change, audits it, and shows a refusal from the service as the console's own. */
  private void change(String action, UUID target, Runnable work) {
    String targetType = action.startsWith("token") ? "token" : "store";
    try {
      work.run();
    } catch (StoreplaneException refused) {
      throw audit.refused(action, targetType, target, refused);
    }
    audit.record(action, targetType, target, AuditOutcome.SUCCESS, Map.of());
  }

  private Store store(String id) {
    UUID storeId = ConsoleRefusal.idOrNotFound(id, "store");
    return stores
        .find(storeId)
        .orElseThrow(() -> new ConsoleRefusal(404, "There is no store with this id."));
  }

  private static Response backTo(UUID storeId) {
    return Response.seeOther(URI.create("/console/stores/" + storeId)).build();
  }

  private static Response html(TemplateInstance page) {
    return html(page, 200);
  }

  private static Response html(TemplateInstance page, int status) {
    return Response.status(status)
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .entity(page.render())
        .build();
  }
}
