package io.storeplane.provisioning.provider;

import io.storeplane.clientschema.catalog.CatalogInspector;
import io.storeplane.clientschema.seed.SeedScript;
import io.storeplane.clientschema.seed.SeedValues;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.jobs.StepOutcome;
import io.storeplane.master.integration.IntegrationSecrets;
import io.storeplane.master.schema.SchemaPath;
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.settings.PlatformSettingKey;
import io.storeplane.master.settings.PlatformSettings;
import io.storeplane.master.store.DatabaseType;
import io.storeplane.master.store.Store;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.provisioning.database.DatabaseNames;
import io.storeplane.provisioning.provider.ConnectionRecords.SupabaseConnection;
import io.storeplane.provisioning.supabase.SupabaseConfig;
import io.storeplane.provisioning.supabase.SupabaseException;
import io.storeplane.provisioning.supabase.management.CreateProjectRequest;
import io.storeplane.provisioning.supabase.management.Project;
import io.storeplane.provisioning.supabase.management.ProjectReadiness;
import io.storeplane.provisioning.supabase.management.SupabaseManagement;
import io.storeplane.provisioning.supabase.rest.PostgrestClient;
import io.storeplane.provisioning.supabase.rest.Query;
import io.storeplane.provisioning.supabase.runtime.SupabaseClients;
import io.storeplane.provisioning.supabase.schema.JdbcSqlRunner;
import io.storeplane.provisioning.supabase.schema.SchemaApplyResult;
import io.storeplane.provisioning.supabase.schema.SqlRunner;
import io.storeplane.provisioning.supabase.schema.SupabaseSchemaChannel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The {@code supabase} option. <em>Create</em> ({@code create: true}): the platform creates a
 * project with its own Management API token (the sealed platform setting {@code
 * supabase.access-token}, else {@code storeplane.supabase.access-token}), saves the project ref
 * (and the generated {@code db_pass}, sealed) before the first poll, polls once per job run until
 * the project and its {@code db} and {@code rest} services are healthy, and deletes the project
 * again when the job fails. <em>Connect existing</em>: the merchant's project URL and service role
 * key, with an access token (run-SQL) or the database password (JDBC to {@code
 * db.<ref>.supabase.co}). Either way the schema and seed go through the project's SQL channel
 * ({@link #schemaChannel}), never through the Data API.
 */
@ApplicationScoped
public class SupabaseProvider implements DatabaseProvider {

  /** Job parameter: the project's ref. */
  static final String REF = "supabaseRef";

  /** Job parameter: this job created the project (so clean-up deletes it). */
  static final String CREATED_PROJECT = "createdProject";

  /** Job parameter: when the job started waiting for the project. */
  static final String WAITING_SINCE = "supabaseWaitingSince";

  /** Job parameter: the last status seen. */
  static final String STATUS = "supabaseStatus";

  /**
   * Saved setting: the name of the project a create was sent for, written (with the sealed {@code
   * dbPassword}) before {@code createProject} and replaced by {@code projectRef} once its answer is
   * saved. While it is there, a project of that name is this store's.
   */
  static final String PENDING_PROJECT = "pendingProject";

  /**
   * The organization the store's project was (or is being) created in, saved with the pending name:
   * adoption, clean-up and purge look there even if the platform's organization setting has changed
   * since.
   */
  static final String PROJECT_ORGANIZATION = "projectOrganization";

  private static final Logger LOG = Logger.getLogger(SupabaseProvider.class);
  private static final Pattern REF_PATTERN = Pattern.compile("[a-z]{20}");
  private static final Pattern SUPABASE_HOST = Pattern.compile("([a-z]{20})\\.supabase\\.co");
  private static final String PROBE_TABLE = "products";

  private SupabaseClients clients;
  private SupabaseConfig config;
  private ConnectionRecords records;
  private Clock clock;
  private SupabaseDirectConnections direct;
  private PlatformSettings settings;

  /** For CDI. */
  protected SupabaseProvider() {}

  @Inject
  SupabaseProvider(
      SupabaseClients clients,
      SupabaseConfig config,
      ConnectionRecords records,
      Clock clock,
      SupabaseDirectConnections direct,
      PlatformSettings settings) {
    this.clients = clients;
    this.settings = settings;
    this.direct = direct;
    this.config = config;
    this.records = records;
    this.clock = clock;
  }

  @Override
  public DatabaseType type() {
    return DatabaseType.SUPABASE;
  }

  @Override
  public StepOutcome testConnection(ProvisioningContext context) {
    SupabaseConnection saved = saved(context);
    if (creates(saved)) {
      SupabaseManagement management = platform();
      String organization = organization();
      if (!management.organizationSlugs().contains(organization)) {
        throw new ProvisioningException(
            ProvisioningError.DATABASE_OPTION_NOT_AVAILABLE,
            "The platform's Supabase token cannot see organization '%s'.".formatted(organization));
      }
      return StepOutcome.done(
          "Supabase Management API reachable; projects are created in organization '%s'"
              .formatted(organization));
    }
    URI projectUrl = projectUrl(saved);
    String ref = refOf(projectUrl);
    SecretString key = required(saved, "serviceRoleKey");
    String schema;
    try (PostgrestClient rest = clients.dataApi(projectUrl, key)) {
      rest.selectPage(PROBE_TABLE, Query.all().limit(1));
      schema = "store tables visible";
    } catch (SupabaseException e) {
      if (e.code() == ProvisioningError.SUPABASE_SCHEMA_MISSING) {
        schema = "no store tables yet";
      } else if (e.code() == ProvisioningError.SUPABASE_FORBIDDEN) {
        // The key was accepted; a same-named table without grants is the clash check's business.
        schema = PROBE_TABLE + " exists without grants to service_role";
      } else {
        throw e;
      }
    }
    runner(context, saved).run("SELECT 1 AS ok");
    return StepOutcome.done(
        "Supabase project %s: service role key accepted (%s); SQL access through %s"
            .formatted(ref, schema, channelName(saved)));
  }

  @Override
  public StepOutcome createDatabase(ProvisioningContext context) {
    SupabaseConnection saved = saved(context);
    if (!creates(saved)) {
      return StepOutcome.skipped("Existing Supabase project: nothing to create");
    }
    SupabaseManagement management = platform();
    Optional<String> ref = context.text(REF).or(() -> saved.text("projectRef"));
    if (ref.isEmpty()) {
      ref = Optional.of(create(context, saved, management));
    } else if (saved.secret("serviceRoleKey").isEmpty()) {
      // Created by an earlier run that died before this job recorded it, and never connected (the
      // key is saved with the connection): the platform's own project, deleted if the job fails.
      context.put(CREATED_PROJECT, true);
    }
    context.put(REF, ref.get());
    if (context.text(WAITING_SINCE).isEmpty()) {
      context.put(WAITING_SINCE, clock.instant().toString());
    }
    ProjectReadiness readiness = management.readiness(ref.get());
    context.put(STATUS, readiness.status().name());
    if (readiness.failed()) {
      throw new SupabaseException(
          ProvisioningError.SUPABASE_PROJECT_FAILED,
          "Supabase project %s ended in %s".formatted(ref.get(), readiness.describe()),
          0,
          null,
          null,
          null,
          null);
    }
    if (readiness.ready()) {
      return StepOutcome.done(
          "Supabase project %s is ready (%s)".formatted(ref.get(), readiness.describe()));
    }
    Instant since = Instant.parse(context.text(WAITING_SINCE).orElseThrow());
    if (clock.instant().isAfter(since.plus(config.projectTimeout()))) {
      throw new SupabaseException(
          ProvisioningError.SUPABASE_PROJECT_TIMEOUT,
          "Supabase project %s was not healthy after %s (last: %s)"
              .formatted(ref.get(), config.projectTimeout(), readiness.describe()),
          0,
          null,
          null,
          null,
          null);
    }
    return StepOutcome.waiting(
        clock.instant().plus(config.pollInterval()),
        "Waiting for Supabase project %s: %s".formatted(ref.get(), readiness.describe()));
  }

  /**
   * Creates the project, or adopts the one an earlier run created when that run died (or lost the
   * answer) before saving its ref: the project's name is derived from the store, and the name and
   * the database password are saved (sealed) before {@code createProject}, so a retry finds the
   * project by name, knows its password, and never creates a second one.
   */
  private String create(
      ProvisioningContext context, SupabaseConnection saved, SupabaseManagement management) {
    String name = projectName(context);
    String organization = projectOrganization(saved);
    Map<String, Object> settings = new LinkedHashMap<>(saved.settings());
    Map<String, SecretString> secrets = new LinkedHashMap<>(saved.secrets().asMap());
    boolean sentBefore =
        saved.text(PENDING_PROJECT).filter(name::equals).isPresent()
            && saved.secret("dbPassword").isPresent();
    Optional<Project> earlier = liveProject(management, organization, name);
    String ref;
    if (earlier.isPresent()) {
      if (!sentBefore) {
        throw SupabaseException.of(
            ProvisioningError.SUPABASE_PROJECT_NAME_TAKEN,
            ("Organization '%s' already has a Supabase project named %s (%s) that store %s has no"
                    + " record of creating, so its database password is unknown; nothing was"
                    + " created. Delete or rename that project in Supabase, then provision again.")
                .formatted(organization, name, earlier.get().ref(), context.storeSlug()),
            null);
      }
      ref = earlier.get().ref();
      LOG.infof(
          "Job %s adopted Supabase project %s (%s) for store %s: an earlier run created it but"
              + " did not save its ref",
          context.jobId(), ref, name, context.storeSlug());
    } else {
      SecretString password =
          saved.secret("dbPassword").orElseGet(() -> SecretString.of(DatabaseNames.password()));
      secrets.put("dbPassword", password);
      settings.put(PENDING_PROJECT, name);
      settings.put(PROJECT_ORGANIZATION, organization);
      Optional<String> region = saved.text("region").or(this::defaultRegion);
      region.ifPresent(r -> settings.put("region", r));
      records.saveSupabase(context.storeId(), settings, IntegrationSecrets.of(secrets));
      ref =
          management
              .createProject(
                  new CreateProjectRequest(
                      name, password, organization, region, config.instanceSize()))
              .ref();
      LOG.infof(
          "Job %s created Supabase project %s (%s) for store %s",
          context.jobId(), ref, name, context.storeSlug());
    }
    context.put(CREATED_PROJECT, true);
    context.put(REF, ref);
    settings.remove(PENDING_PROJECT);
    settings.put("projectRef", ref);
    settings.put("projectUrl", createdProjectUrl(ref).toString());
    records.saveSupabase(context.storeId(), settings, IntegrationSecrets.of(secrets));
    return ref;
  }

  /**
   * The name of the store's project: its slug (unique among stores, never reused) and the first
   * eight hex digits of its id, e.g. {@code acme-shoes-3f2a9c1d}.
   */
  static String projectName(ProvisioningContext context) {
    return context.storeSlug() + "-" + context.storeId().toString().substring(0, 8);
  }

  /** The oldest project named {@code name} that is not being deleted. */
  private static Optional<Project> liveProject(
      SupabaseManagement management, String organization, String name) {
    List<Project> live =
        management.projectsNamed(organization, name).stream()
            .filter(p -> !p.status().removed())
            .sorted(Comparator.comparing(Project::createdAt))
            .toList();
    if (live.size() > 1) {
      LOG.warnf(
          "Organization %s has %d Supabase projects named %s (%s); the oldest is the store's",
          organization, live.size(), name, live.stream().map(Project::ref).toList());
    }
    return live.stream().findFirst();
  }

  /**
   * A project a create was sent for but whose ref was never saved (the worker died, or the answer
   * was lost): found by the pending name, for clean-up and purge.
   */
  private Optional<String> unsavedProject(SupabaseConnection saved) {
    if (!creates(saved) || saved.text("projectRef").isPresent()) {
      return Optional.empty();
    }
    return saved
        .text(PENDING_PROJECT)
        .flatMap(name -> liveProject(platform(), projectOrganization(saved), name))
        .map(Project::ref);
  }

  @Override
  public Optional<SchemaChannel> schemaChannel(ProvisioningContext context) {
    return Optional.of(new Channel(context));
  }

  @Override
  public DatabaseLogin storeDatabase(ProvisioningContext context) {
    throw new ProvisioningException(
        ProvisioningError.PROVISIONING_STEP_FAILED,
        "A Supabase store's database is reached through its project's APIs, not a saved login.");
  }

  @Override
  public StepOutcome saveConnection(ProvisioningContext context, int schemaVersion) {
    SupabaseConnection saved = saved(context);
    String ref = ref(context, saved);
    URI projectUrl = projectUrl(saved);
    SecretString key =
        creates(saved) ? platform().serviceRoleKey(ref) : required(saved, "serviceRoleKey");
    try (PostgrestClient rest = clients.dataApi(projectUrl, key)) {
      rest.probe(PROBE_TABLE, config.probeWait(), Duration.ofSeconds(1));
    }
    Map<String, Object> settings = new LinkedHashMap<>(saved.settings());
    settings.put("projectRef", ref);
    settings.put("projectUrl", projectUrl.toString());
    Map<String, SecretString> secrets = new LinkedHashMap<>(saved.secrets().asMap());
    secrets.put("serviceRoleKey", key);
    records.saveSupabase(context.storeId(), settings, IntegrationSecrets.of(secrets));
    int port =
        projectUrl.getPort() > 0
            ? projectUrl.getPort()
            : "http".equals(projectUrl.getScheme()) ? 80 : 443;
    records.recordSupabaseLocation(
        context.storeId(),
        projectUrl.getHost(),
        port,
        ref,
        context.schemaReached(schemaVersion, SchemaPath.ADOPTED, SchemaPath.SUPABASE));
    return StepOutcome.done(
        "Data API of project %s answers for %s; connection saved (keys sealed) at schema version %d"
            .formatted(ref, PROBE_TABLE, schemaVersion));
  }

  @Override
  public String cleanUp(ProvisioningContext context) {
    Optional<String> ref = context.text(REF);
    boolean active = records.active(context.storeId());
    if (ref.isEmpty() && !active) {
      ref = records.readSupabase(context.storeId()).flatMap(this::unsavedProject);
      ref.ifPresent(r -> context.put(CREATED_PROJECT, true));
    }
    if (!context.flag(CREATED_PROJECT) || ref.isEmpty()) {
      return NOTHING_REMOVED;
    }
    boolean deleted = platform().deleteProject(ref.get());
    context.put(CREATED_PROJECT, false);
    if (!active) {
      records.forget(context.storeId());
    }
    LOG.infof(
        "Supabase project %s of job %s %s",
        ref.get(), context.jobId(), deleted ? "deleted" : "was already gone");
    return deleted ? "deleted Supabase project " + ref.get() : NOTHING_REMOVED;
  }

  @Override
  public String suspend(Store store) {
    return "Supabase project disconnected: the platform will not connect to it while suspended";
  }

  @Override
  public String resume(Store store) {
    return "Supabase project reconnected: the platform connects to it again";
  }

  @Override
  public String purge(Store store) {
    Optional<SupabaseConnection> saved = records.readSupabase(store.id);
    String outcome = "its saved connection removed; the project itself was not touched";
    Optional<String> created =
        saved
            .filter(SupabaseProvider::creates)
            .flatMap(s -> s.text("projectRef").or(() -> unsavedProject(s)));
    if (created.isPresent()) {
      String ref = created.get();
      outcome =
          "project %s %s"
              .formatted(ref, platform().deleteProject(ref) ? "deleted" : "was already gone");
    }
    records.forget(store.id);
    return "Supabase store disconnected; " + outcome;
  }

  /** The schema, seed and clash check over run-SQL (access token) or JDBC (database password). */
  private final class Channel implements SchemaChannel {

    private final ProvisioningContext context;

    Channel(ProvisioningContext context) {
      this.context = context;
    }

    @Override
    public StepOutcome inspect() {
      SupabaseConnection saved = saved(context);
      if (creates(saved)) {
        return StepOutcome.skipped("The platform creates this project: nothing to inspect");
      }
      SqlRunner runner = runner(context, saved);
      return ExistingSchema.judge(CatalogInspector.inspectPostgresql(runner::run));
    }

    @Override
    public Applied apply() {
      SqlRunner runner = runner(context, saved(context));
      SchemaApplyResult result = new SupabaseSchemaChannel(runner).apply();
      Set<String> tables = publicTables(runner);
      int present =
          (int) ClientSchema.manifest().tableNames().stream().filter(tables::contains).count();
      return new Applied(
          result.fromVersion(), result.toVersion(), result.appliedVersions().size(), present);
    }

    @Override
    public int seed(SeedValues values) {
      List<Map<String, Object>> rows =
          runner(context, saved(context)).run(SeedScript.postgresql(values));
      if (rows.isEmpty() || !(rows.get(0).get(SeedScript.INSERTED) instanceof Number n)) {
        throw SupabaseException.of(
            ProvisioningError.SUPABASE_INVALID_RESPONSE,
            "The seed script returned no row count",
            null);
      }
      return n.intValue();
    }
  }

  private static Set<String> publicTables(SqlRunner runner) {
    Set<String> out = new HashSet<>();
    for (Map<String, Object> row :
        runner.run(
            "SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
      out.add(String.valueOf(row.get("table_name")));
    }
    return out;
  }

  /**
   * The SQL channel to an existing Supabase store's database, the one provisioning applies its
   * schema through: run-SQL with the platform's Management API token for a project the platform
   * created, with the merchant's token for a connected project that gave one, else direct Postgres
   * with its database password (through the outbound guard). Each call of the runner is one
   * Management API call (or one connection); its failures are {@link
   * io.storeplane.provisioning.supabase.SupabaseException}s, transient ones of kind {@code
   * UNAVAILABLE}.
   *
   * @throws ProvisioningException {@code database-option-invalid} when the store has no saved
   *     Supabase settings
   */
  public SqlRunner sqlRunner(UUID storeId) {
    SupabaseConnection saved = saved(storeId, storeId.toString());
    return runner(saved.text("projectRef").orElseGet(() -> refOf(projectUrl(saved))), saved);
  }

  private SqlRunner runner(ProvisioningContext context, SupabaseConnection saved) {
    return runner(creates(saved) ? ref(context, saved) : refOf(projectUrl(saved)), saved);
  }

  /** Run-SQL with the platform's or the merchant's token, else JDBC with the database password. */
  private SqlRunner runner(String ref, SupabaseConnection saved) {
    if (creates(saved)) {
      return platform().sqlRunner(ref);
    }
    Optional<SecretString> token = saved.secret("accessToken");
    if (token.isPresent()) {
      return clients.management(token.get()).sqlRunner(ref);
    }
    return new JdbcSqlRunner(direct.of(ref, required(saved, "dbPassword")).dataSource());
  }

  private static String channelName(SupabaseConnection saved) {
    return saved.secret("accessToken").isPresent()
        ? "the Management API (run-SQL)"
        : "direct Postgres (database password)";
  }

  private SupabaseConnection saved(ProvisioningContext context) {
    return saved(context.storeId(), context.storeSlug());
  }

  /** The store's saved Supabase settings; {@code store} names it in the error. */
  private SupabaseConnection saved(UUID storeId, String store) {
    return records
        .readSupabase(storeId)
        .orElseThrow(
            () ->
                new ProvisioningException(
                    ProvisioningError.DATABASE_OPTION_INVALID,
                    "Store " + store + " has no saved Supabase settings."));
  }

  private static boolean creates(SupabaseConnection saved) {
    Object create = saved.settings().get("create");
    return Boolean.TRUE.equals(create) || "true".equals(create);
  }

  private String ref(ProvisioningContext context, SupabaseConnection saved) {
    return context
        .text(REF)
        .or(() -> saved.text("projectRef"))
        .orElseGet(() -> refOf(projectUrl(saved)));
  }

  private URI projectUrl(SupabaseConnection saved) {
    return saved
        .text("projectUrl")
        .map(URI::create)
        .orElseThrow(
            () ->
                new ProvisioningException(
                    ProvisioningError.DATABASE_OPTION_INVALID,
                    "The Supabase project URL is missing."));
  }

  private URI createdProjectUrl(String ref) {
    return URI.create(config.projectUrlTemplate().replace("{ref}", ref));
  }

  /**
   * The project ref of a project URL: {@code https://<ref>.supabase.co}, or a URL whose last path
   * segment is the ref (the test double's {@code http://127.0.0.1:<port>/<ref>}).
   */
  static String refOf(URI projectUrl) {
    String host = projectUrl.getHost() == null ? "" : projectUrl.getHost();
    Matcher m = SUPABASE_HOST.matcher(host);
    if (m.matches()) {
      return m.group(1);
    }
    String path = projectUrl.getPath() == null ? "" : projectUrl.getPath().replaceAll("/+$", "");
    String last = path.substring(path.lastIndexOf('/') + 1);
    if (REF_PATTERN.matcher(last).matches()) {
      return last;
    }
    throw new ProvisioningException(
        ProvisioningError.SUPABASE_INVALID_PROJECT_URL,
        "Cannot tell the project ref from %s: use https://<ref>.supabase.co."
            .formatted(projectUrl.getHost()));
  }

  /**
   * The Management API with the platform's token: the sealed platform setting {@code
   * supabase.access-token} first, then {@code storeplane.supabase.access-token}.
   */
  private SupabaseManagement platform() {
    SecretString token =
        settings
            .secret(PlatformSettingKey.SUPABASE_ACCESS_TOKEN)
            .or(() -> config.accessToken().filter(t -> !t.isBlank()).map(SecretString::of))
            .orElseThrow(
                () ->
                    new ProvisioningException(
                        ProvisioningError.DATABASE_OPTION_NOT_AVAILABLE,
                        "Creating Supabase projects needs the platform's Management API token:"
                            + " the platform setting supabase.access-token"
                            + " (PUT /api/v1/admin/settings/supabase.access-token)"
                            + " or storeplane.supabase.access-token."));
    return clients.management(token);
  }

  /** Where the store's project lives: as saved when it was created, else the platform's now. */
  private String projectOrganization(SupabaseConnection saved) {
    return saved.text(PROJECT_ORGANIZATION).orElseGet(this::organization);
  }

  /** The platform setting {@code supabase.organization}, else the configuration's. */
  private String organization() {
    return settings
        .text(PlatformSettingKey.SUPABASE_ORGANIZATION)
        .or(() -> config.organization().filter(o -> !o.isBlank()))
        .orElseThrow(
            () ->
                new ProvisioningException(
                    ProvisioningError.DATABASE_OPTION_NOT_AVAILABLE,
                    "Creating Supabase projects needs an organization: the platform setting"
                        + " supabase.organization or storeplane.supabase.organization."));
  }

  /** The platform setting {@code supabase.default-region}, else the configuration's. */
  private Optional<String> defaultRegion() {
    return settings
        .text(PlatformSettingKey.SUPABASE_DEFAULT_REGION)
        .or(() -> config.defaultRegion().filter(r -> !r.isBlank()));
  }

  private static SecretString required(SupabaseConnection saved, String name) {
    return saved
        .secret(name)
        .orElseThrow(
            () ->
                new ProvisioningException(
                    ProvisioningError.DATABASE_OPTION_INVALID,
                    "The Supabase " + name + " is missing."));
  }
}
