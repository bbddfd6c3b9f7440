package io.storeplane.console.onboard;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.smallrye.common.annotation.Blocking;
import io.storeplane.console.page.ConsoleAudit;
import io.storeplane.console.page.FormRules;
import io.storeplane.console.page.LivePanels;
import io.storeplane.console.session.ConsoleRequest;
import io.storeplane.error.StoreplaneException;
import io.storeplane.master.plan.PlanRepository;
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.store.DatabaseType;
import io.storeplane.master.store.NewStore;
import io.storeplane.master.store.StoreConnection;
import io.storeplane.master.user.Permissions;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.provisioning.guard.OutboundGuards;
import io.storeplane.provisioning.job.JobService;
import io.storeplane.provisioning.provider.ConnectionCheck;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;

/**
 * Onboarding a store into a database the merchant already has (PostgreSQL or MySQL): a form, a Test
 * connection button that shows the server version, the tables found and any clash with the client
 * schema before anything is saved (the same check as {@code POST /api/v1/databases/test}), and a
 * submit that checks again, saves nothing while the check fails or clashes, and otherwise registers
 * the store with its provisioning job. The password is never rendered back.
 */
@Path("/console/onboard/existing")
@PermitAll
@Blocking
@Produces(MediaType.TEXT_HTML)
public class ConnectDatabasePage {

  private static final List<DatabaseType> EXISTING =
      List.of(DatabaseType.POSTGRESQL, DatabaseType.MYSQL);
  private static final String DATABASE_NAME = "[A-Za-z0-9_$-]{1,64}";
  private static final int MAX_USERNAME = 128;
  private static final int MAX_PASSWORD = 1024;

  private final JobService jobs;
  private final PlanRepository plans;
  private final ConsoleRequest console;
  private final ConsoleAudit audit;
  private final Template form;
  private final Template result;

  ConnectDatabasePage(
      JobService jobs,
      PlanRepository plans,
      ConsoleRequest console,
      ConsoleAudit audit,
      @Location("console/connect.html") Template form,
      @Location("console/connect-report.html") Template result) {
    this.jobs = jobs;
    this.plans = plans;
    this.console = console;
    this.audit = audit;
    this.form = form;
    this.result = result;
  }

  /** The form as posted: every field but the password is shown back after a refusal. */
  public static class Fields {
    @FormParam("csrf")
    String csrf;

    @FormParam("name")
    String name;

    @FormParam("slug")
    String slug;

    @FormParam("plan")
    String plan;

    @FormParam("engine")
    String engine;

    @FormParam("host")
    String host;

    @FormParam("port")
    String port;

    @FormParam("database")
    String database;

    @FormParam("username")
    String username;

    @FormParam("password")
    String password;

    @FormParam("ssl")
    String ssl;

    Entry entry() {
      return new Entry(
          FormRules.strip(name),
          FormRules.strip(slug),
          FormRules.strip(plan),
          FormRules.strip(engine),
          FormRules.strip(host),
          FormRules.strip(port),
          FormRules.strip(database),
          FormRules.strip(username),
          ssl != null);
    }
  }

  /** What the form shows back: never the password. */
  @TemplateData
  public record Entry(
      String name,
      String slug,
      String plan,
      String engine,
      String host,
      String port,
      String database,
      String username,
      boolean ssl) {

    static Entry blank() {
      return new Entry("", "", "", DatabaseType.POSTGRESQL.wireName(), "", "", "", "", false);
    }
  }

  /** A table the client schema needs that is there in another shape. */
  @TemplateData
  public record ClashRow(String table, List<String> differences) {}

  /** What Test connection found, or why it could not connect. */
  @TemplateData
  public record Report(
      boolean connected,
      String error,
      String serverVersion,
      List<String> tables,
      List<ClashRow> clashes,
      int schemaVersion,
      int currentVersion) {

    static Report of(ConnectionCheck.Report found) {
      return new Report(
          true,
          null,
          found.serverVersion(),
          found.tables(),
          found.clashes().stream().map(c -> new ClashRow(c.table(), c.differences())).toList(),
          found.schemaVersion(),
          found.currentVersion());
    }

    static Report failed(String error) {
      return new Report(false, error, "", List.of(), List.of(), 0, 0);
    }

    public boolean ok() {
      return connected && clashes.isEmpty();
    }
  }

  @GET
  public Response show() {
    console.requireRead(Permissions.STORES_WRITE);
    return page(200, Entry.blank(), null, null);
  }

  /**
   * Checks the connection and saves nothing. An htmx request gets the report alone (the form, and
   * the password typed in it, stay as they are); without JavaScript the whole form comes back, its
   * password field empty.
   */
  @POST
  @Path("/test")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response test(@BeanParam Fields fields, @HeaderParam("HX-Request") String htmx) {
    console.admitPost(fields.csrf, Permissions.PROVISIONING_WRITE);
    Entry entry = fields.entry();
    Optional<String> invalid = invalidDatabase(entry, fields.password);
    Report report;
    int status;
    if (invalid.isPresent()) {
      report = Report.failed(invalid.get());
      status = 400;
    } else {
      try {
        report = Report.of(check(entry, fields.password));
        status = 200;
      } catch (StoreplaneException refused) {
        report = Report.failed(refused.detail());
        status = refused.code().kind().status();
      }
    }
    if (htmx != null) {
      // The check ran and this is what it found: htmx swaps only successful answers.
      return LivePanels.html(result.data("report", report).render(), 200);
    }
    return page(status, entry, report, null);
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response connect(@BeanParam Fields fields) {
    console.admitPost(fields.csrf, Permissions.STORES_WRITE);
    Entry entry = fields.entry();
    Optional<String> invalid =
        Onboarding.invalidStore(entry.name(), entry.slug(), entry.plan())
            .or(() -> invalidDatabase(entry, fields.password));
    if (invalid.isPresent()) {
      return page(400, entry, null, invalid.get());
    }
    Report report;
    try {
      report = Report.of(check(entry, fields.password));
    } catch (StoreplaneException refused) {
      return page(refused.code().kind().status(), entry, null, refused.detail());
    }
    if (!report.ok()) {
      return page(
          409,
          entry,
          report,
          "The client schema clashes with tables already in this database; nothing was saved.");
    }
    DatabaseType type = DatabaseType.fromWireName(entry.engine()).orElseThrow();
    try {
      return Onboarding.start(
          jobs,
          audit,
          new NewStore(
              entry.name(),
              entry.slug(),
              entry.plan(),
              Optional.of(type),
              Optional.of(
                  StoreConnection.existing(
                      type,
                      entry.host(),
                      Integer.parseInt(entry.port()),
                      entry.database(),
                      entry.username(),
                      SecretString.of(fields.password),
                      entry.ssl()))));
    } catch (StoreplaneException refused) {
      return page(refused.code().kind().status(), entry, null, refused.detail());
    }
  }

  /** The outbound policy first, then the connection check; nothing is saved. */
  private static ConnectionCheck.Report check(Entry entry, String password) {
    int port = Integer.parseInt(entry.port());
    OutboundGuards.current().check(entry.host(), port);
    DatabaseType type = DatabaseType.fromWireName(entry.engine()).orElseThrow();
    return ConnectionCheck.check(
        new DatabaseLogin(
            type.engine(),
            entry.host(),
            port,
            entry.database(),
            entry.username(),
            SecretString.of(password),
            entry.ssl(),
            true));
  }

  /** The first rule the connection fields break (the REST API's option has the same rules). */
  private static Optional<String> invalidDatabase(Entry entry, String password) {
    if (EXISTING.stream().noneMatch(t -> t.wireName().equals(entry.engine()))) {
      return Optional.of("Choose PostgreSQL or MySQL.");
    }
    return FormRules.badHost(entry.host())
        .or(() -> FormRules.badPort(entry.port()))
        .or(
            () ->
                entry.database().matches(DATABASE_NAME)
                    ? Optional.empty()
                    : Optional.of(
                        "The database name must have 1 to 64 letters, digits, _, $ or -"
                            + " characters."))
        .or(() -> FormRules.badText(entry.username(), MAX_USERNAME, "user name"))
        .or(() -> FormRules.badPassword(password, MAX_PASSWORD, "password"));
  }

  private Response page(int status, Entry entry, Report report, String error) {
    return LivePanels.html(
        form.data("entry", entry)
            .data("report", report)
            .data("error", error)
            .data(
                "plans",
                plans.listOffered().stream()
                    .map(p -> new OnboardingPage.Option(p.code, p.name))
                    .toList())
            .data(
                "engines",
                List.of(
                    new OnboardingPage.Option(DatabaseType.POSTGRESQL.wireName(), "PostgreSQL"),
                    new OnboardingPage.Option(DatabaseType.MYSQL.wireName(), "MySQL")))
            .render(),
        status);
  }
}
