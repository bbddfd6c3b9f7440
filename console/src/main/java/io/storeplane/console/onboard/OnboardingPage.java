package io.storeplane.console.onboard;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.smallrye.common.annotation.Blocking;
import io.storeplane.console.page.ConsoleAudit;
import io.storeplane.console.page.FormRules;
import io.storeplane.console.session.ConsoleRequest;
import io.storeplane.error.StoreplaneException;
import io.storeplane.master.plan.PlanRepository;
import io.storeplane.master.store.DatabaseType;
import io.storeplane.master.store.NewStore;
import io.storeplane.master.store.StoreConnection;
import io.storeplane.master.user.Permissions;
import io.storeplane.provisioning.job.JobService;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;

/**
 * Onboarding a store whose database the platform creates: on a managed server (PostgreSQL or MySQL)
 * or as a new Supabase project. The same registration and provisioning job as {@code POST
 * /api/v1/stores}; the answer leads to the job's page. Connecting an existing database is {@link
 * ConnectDatabasePage}.
 */
@Path("/console/onboard")
@PermitAll
@Blocking
@Produces(MediaType.TEXT_HTML)
public class OnboardingPage {

  private static final List<DatabaseType> CREATED =
      List.of(DatabaseType.MANAGED_POSTGRESQL, DatabaseType.MANAGED_MYSQL, DatabaseType.SUPABASE);

  /** What a Supabase region code looks like (the REST API's option says the same). */
  private static final String REGION = "[a-z0-9-]{1,64}";

  private final JobService jobs;
  private final PlanRepository plans;
  private final ConsoleRequest console;
  private final ConsoleAudit audit;
  private final Template form;

  OnboardingPage(
      JobService jobs,
      PlanRepository plans,
      ConsoleRequest console,
      ConsoleAudit audit,
      @Location("console/onboard.html") Template form) {
    this.jobs = jobs;
    this.plans = plans;
    this.console = console;
    this.audit = audit;
    this.form = form;
  }

  /** What the form was sent with, shown back after a refusal (nothing secret is asked). */
  @TemplateData
  public record Entry(String name, String slug, String plan, String database, String region) {}

  /** A select's option. */
  @TemplateData
  public record Option(String value, String label) {}

  @GET
  public Response show() {
    console.requireRead(Permissions.STORES_WRITE);
    return page(200, new Entry("", "", "", DatabaseType.MANAGED_POSTGRESQL.wireName(), ""), null);
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response onboard(
      @FormParam("csrf") String csrf,
      @FormParam("name") String name,
      @FormParam("slug") String slug,
      @FormParam("plan") String plan,
      @FormParam("database") String database,
      @FormParam("region") String region) {
    console.admitPost(csrf, Permissions.STORES_WRITE);
    Entry entry =
        new Entry(
            FormRules.strip(name),
            FormRules.strip(slug),
            FormRules.strip(plan),
            FormRules.strip(database),
            FormRules.strip(region));
    Optional<String> invalid = invalid(entry);
    if (invalid.isPresent()) {
      return page(400, entry, invalid.get());
    }
    DatabaseType type = DatabaseType.fromWireName(entry.database()).orElseThrow();
    Optional<StoreConnection> connection =
        type == DatabaseType.SUPABASE
            ? Optional.of(
                StoreConnection.newSupabaseProject(
                    Optional.of(entry.region()).filter(r -> !r.isEmpty())))
            : Optional.empty();
    try {
      return Onboarding.start(
          jobs,
          audit,
          new NewStore(entry.name(), entry.slug(), entry.plan(), Optional.of(type), connection));
    } catch (StoreplaneException refused) {
      return page(refused.code().kind().status(), entry, refused.detail());
    }
  }

  private static Optional<String> invalid(Entry entry) {
    Optional<String> store = Onboarding.invalidStore(entry.name(), entry.slug(), entry.plan());
    if (store.isPresent()) {
      return store;
    }
    if (CREATED.stream().noneMatch(t -> t.wireName().equals(entry.database()))) {
      return Optional.of("Choose managed PostgreSQL, managed MySQL or Supabase.");
    }
    if (!entry.region().isEmpty() && !entry.region().matches(REGION)) {
      return Optional.of("The region must be a Supabase region code, e.g. eu-central-1.");
    }
    return Optional.empty();
  }

  private Response page(int status, Entry entry, String error) {
    String body =
        form.data("entry", entry)
            .data("error", error)
            .data(
                "plans", plans.listOffered().stream().map(p -> new Option(p.code, p.name)).toList())
            .data(
                "databases",
                List.of(
                    new Option(DatabaseType.MANAGED_POSTGRESQL.wireName(), "Managed PostgreSQL"),
                    new Option(DatabaseType.MANAGED_MYSQL.wireName(), "Managed MySQL"),
                    new Option(DatabaseType.SUPABASE.wireName(), "Supabase (a new project)")))
            .render();
    return Response.status(status)
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .entity(body)
        .build();
  }
}
