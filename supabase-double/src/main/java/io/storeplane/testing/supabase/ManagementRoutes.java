package io.storeplane.testing.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The Management API subset: organizations, an organization's projects, create / get / delete
 * project, service health, API keys, run SQL and the PostgREST config. Every answer carries the
 * rate-limit headers; errors are {@code {"message": ...}}.
 */
final class ManagementRoutes {

  private static final int RATE_LIMIT = 120;
  private static final Pattern PROJECT = Pattern.compile("/v1/projects/([a-z]{20})(/.*)?");
  private static final Pattern ORGANIZATION_PROJECTS =
      Pattern.compile("/v1/organizations/([\\w-]+)/projects");
  private static final Map<String, Comparator<DoubleProject>> SORTS =
      Map.of(
          "name_asc", Comparator.comparing(DoubleProject::name, String.CASE_INSENSITIVE_ORDER),
          "name_desc",
              Comparator.comparing(DoubleProject::name, String.CASE_INSENSITIVE_ORDER).reversed(),
          "created_asc", Comparator.comparing(DoubleProject::createdAt),
          "created_desc", Comparator.comparing(DoubleProject::createdAt).reversed());
  private static final Set<String> CREATE_FIELDS =
      Set.of(
          "name",
          "db_pass",
          "organization_slug",
          "organization_id",
          "region",
          "region_selection",
          "desired_instance_size",
          "plan",
          "kps_enabled",
          "template_url");
  private static final Set<String> SERVICES =
      Set.of(
          "auth", "db", "db_postgres_user", "pooler", "realtime", "rest", "storage", "pg_bouncer");

  private final SupabaseDouble supabase;
  private long windowStart;
  private int windowCount;

  ManagementRoutes(SupabaseDouble supabase) {
    this.supabase = supabase;
  }

  void handle(HttpCall call) throws IOException {
    Optional<FaultPlan.Fault> fault = supabase.faults().next();
    rateLimitHeaders(call);
    if (fault.isPresent()) {
      FaultPlan.Fault f = fault.get();
      if (f.status() == 429) {
        call.setHeader("X-RateLimit-Remaining", "0");
        call.setHeader("X-RateLimit-Reset", Long.toString(f.resetSeconds()));
      }
      call.message(f.status(), f.message());
      return;
    }
    if (!call.header("Authorization").orElse("").equals("Bearer " + supabase.accessToken())) {
      call.message(401, "Unauthorized");
      return;
    }
    String path = call.path();
    String method = call.method();
    if (path.equals("/v1/organizations") && method.equals("GET")) {
      ArrayNode orgs = HttpCall.JSON.createArrayNode();
      orgs.addObject()
          .put("id", supabase.organizationSlug())
          .put("slug", supabase.organizationSlug())
          .put("name", "Storeplane test organization");
      call.json(200, orgs);
      return;
    }
    if (path.equals("/v1/projects") && method.equals("POST")) {
      createProject(call);
      return;
    }
    Matcher organization = ORGANIZATION_PROJECTS.matcher(path);
    if (organization.matches() && method.equals("GET")) {
      organizationProjects(call, organization.group(1));
      return;
    }
    Matcher m = PROJECT.matcher(path);
    if (!m.matches()) {
      call.message(404, "Not found");
      return;
    }
    Optional<DoubleProject> found = supabase.project(m.group(1));
    if (found.isEmpty()) {
      call.message(404, "Project not found");
      return;
    }
    DoubleProject project = found.get();
    String rest = m.group(2) == null ? "" : m.group(2);
    switch (method + " " + rest) {
      case "GET " -> call.json(200, projectWithDatabase(project, project.poll()));
      case "DELETE " -> deleteProject(call, project);
      case "GET /health" -> health(call, project);
      case "GET /api-keys" -> apiKeys(call, project);
      case "POST /database/query" -> runSql(call, project);
      case "GET /postgrest" -> postgrestConfig(call, project);
      default -> call.message(404, "Not found");
    }
  }

  private synchronized void rateLimitHeaders(HttpCall call) {
    long now = supabase.clock().instant().getEpochSecond();
    long start = now - now % 60;
    if (start != windowStart) {
      windowStart = start;
      windowCount = 0;
    }
    windowCount++;
    long reset = start + 60 - now;
    call.setHeader("X-RateLimit-Limit", Integer.toString(RATE_LIMIT));
    call.setHeader(
        "X-RateLimit-Remaining", Integer.toString(Math.max(0, RATE_LIMIT - windowCount)));
    call.setHeader("X-RateLimit-Reset", Long.toString(reset));
  }

  private void createProject(HttpCall call) throws IOException {
    JsonNode body;
    try {
      body = call.jsonBody();
    } catch (IOException e) {
      call.message(400, "Invalid JSON body");
      return;
    }
    if (body == null || !body.isObject()) {
      call.message(400, "Request body must be a JSON object");
      return;
    }
    for (var it = body.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!CREATE_FIELDS.contains(field)) {
        call.message(400, "property " + field + " should not exist");
        return;
      }
    }
    for (String required : List.of("name", "db_pass", "organization_slug")) {
      if (!body.path(required).isTextual() || body.path(required).asText().isEmpty()) {
        call.message(400, required + " must be a string");
        return;
      }
    }
    if (body.has("region") && body.has("region_selection")) {
      call.message(400, "Only one of region or region_selection can be specified.");
      return;
    }
    String organization = body.get("organization_slug").asText();
    if (!organization.equals(supabase.organizationSlug())) {
      call.message(403, "You do not have permission to create projects in this organization");
      return;
    }
    String region =
        body.has("region_selection")
            ? body.path("region_selection").path("code").asText("us-east-1")
            : body.path("region").asText("us-east-1");
    DoubleProject project =
        supabase.createProject(
            body.get("name").asText(),
            organization,
            region,
            body.get("db_pass").asText(),
            supabase.takeScript());
    Optional<FaultPlan.Fault> lost = supabase.faults().nextAfterCreate();
    if (lost.isPresent()) {
      call.message(lost.get().status(), lost.get().message());
      return;
    }
    call.json(201, project(project, project.currentStatus()));
  }

  /**
   * {@code GET /v1/organizations/{slug}/projects}: {@code offset} (from 0), {@code limit} (1..100),
   * {@code search} (part of the name, any case), {@code sort} ({@code name_asc} by default) and
   * {@code statuses} (comma-separated) as the reference lists them.
   */
  private void organizationProjects(HttpCall call, String slug) throws IOException {
    if (!slug.equals(supabase.organizationSlug())) {
      call.message(404, "Organization not found");
      return;
    }
    Optional<Integer> offset = number(call, "offset", 0, Integer.MAX_VALUE, 0);
    Optional<Integer> limit = number(call, "limit", 1, 100, 100);
    if (offset.isEmpty() || limit.isEmpty()) {
      return;
    }
    String sort = call.queryValue("sort").orElse("name_asc");
    if (!SORTS.containsKey(sort)) {
      call.message(400, "sort must be one of " + new TreeSet<>(SORTS.keySet()));
      return;
    }
    Set<String> statuses =
        call.queryValue("statuses").map(v -> Set.of(v.split(","))).orElse(Set.of());
    String search = call.queryValue("search").orElse("").toLowerCase(Locale.ROOT);
    List<DoubleProject> matching =
        supabase.projects().stream()
            .filter(p -> p.organizationSlug().equals(slug))
            .filter(p -> p.name().toLowerCase(Locale.ROOT).contains(search))
            .filter(p -> statuses.isEmpty() || statuses.contains(p.currentStatus()))
            .sorted(SORTS.get(sort))
            .toList();
    ObjectNode out = HttpCall.JSON.createObjectNode();
    ArrayNode page = out.putArray("projects");
    matching.stream()
        .skip(offset.get())
        .limit(limit.get())
        .forEach(
            p -> {
              ObjectNode node = page.addObject();
              node.put("ref", p.ref());
              node.put("name", p.name());
              node.put("cloud_provider", "AWS");
              node.put("region", p.region());
              node.put("is_branch", false);
              node.put("status", p.currentStatus());
              node.put("inserted_at", p.createdAt().toString());
              node.putArray("databases")
                  .addObject()
                  .put("identifier", p.ref())
                  .put("status", p.currentStatus());
            });
    out.putObject("pagination")
        .put("count", matching.size())
        .put("limit", limit.get())
        .put("offset", offset.get());
    call.json(200, out);
  }

  /** An integer query parameter within bounds, or empty after answering 400. */
  private static Optional<Integer> number(HttpCall call, String name, int min, int max, int absent)
      throws IOException {
    Optional<String> raw = call.queryValue(name);
    if (raw.isEmpty()) {
      return Optional.of(absent);
    }
    try {
      int value = Integer.parseInt(raw.get());
      if (value >= min && value <= max) {
        return Optional.of(value);
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    call.message(400, name + " must be an integer from " + min + " to " + max);
    return Optional.empty();
  }

  private ObjectNode project(DoubleProject project, String status) {
    ObjectNode node = HttpCall.JSON.createObjectNode();
    node.put("id", project.ref());
    node.put("ref", project.ref());
    node.put("organization_id", project.organizationSlug());
    node.put("organization_slug", project.organizationSlug());
    node.put("name", project.name());
    node.put("region", project.region());
    node.put("created_at", project.createdAt().toString());
    node.put("status", status);
    return node;
  }

  private ObjectNode projectWithDatabase(DoubleProject project, String status) {
    ObjectNode node = project(project, status);
    ObjectNode database = node.putObject("database");
    database.put("host", "db." + project.ref() + ".supabase.co");
    database.put("version", "17.4.1.074");
    database.put("postgres_engine", "17");
    database.put("release_channel", "ga");
    return node;
  }

  private void deleteProject(HttpCall call, DoubleProject project) throws IOException {
    supabase.remove(project.ref());
    project.database().dropNow(); // deleted means gone, as on Supabase
    ObjectNode node = HttpCall.JSON.createObjectNode();
    node.put("id", Math.abs(project.ref().hashCode()));
    node.put("ref", project.ref());
    node.put("name", project.name());
    call.json(200, node);
  }

  private void health(HttpCall call, DoubleProject project) throws IOException {
    List<String> services = call.queryValues("services");
    if (services.isEmpty()) {
      call.message(400, "services must be provided");
      return;
    }
    for (String service : services) {
      if (!SERVICES.contains(service)) {
        call.message(400, "services must be one of " + SERVICES);
        return;
      }
    }
    String status = project.currentStatus();
    String serviceStatus =
        switch (status) {
          case "ACTIVE_HEALTHY" -> "ACTIVE_HEALTHY";
          case "COMING_UP", "UNKNOWN", "RESTORING", "UPGRADING", "RESTARTING", "RESIZING" ->
              "COMING_UP";
          default -> "UNHEALTHY";
        };
    ArrayNode out = HttpCall.JSON.createArrayNode();
    for (String service : services) {
      ObjectNode node = out.addObject();
      node.put("name", service);
      node.put("healthy", serviceStatus.equals("ACTIVE_HEALTHY"));
      node.put("status", serviceStatus);
      if (serviceStatus.equals("UNHEALTHY")) {
        node.put("error", "failed to retrieve health");
      }
    }
    call.json(200, out);
  }

  private void apiKeys(HttpCall call, DoubleProject project) throws IOException {
    boolean reveal = call.queryValue("reveal").map("true"::equals).orElse(false);
    DoubleKeys keys = project.keys();
    ArrayNode out = HttpCall.JSON.createArrayNode();
    out.addObject().put("name", "anon").put("api_key", keys.anonJwt()).put("type", "legacy");
    out.addObject()
        .put("name", "service_role")
        .put("api_key", keys.serviceRoleJwt())
        .put("type", "legacy");
    out.addObject()
        .put("name", "default")
        .put("api_key", keys.publishable())
        .put("type", "publishable")
        .put("id", project.ref() + "-publishable");
    ObjectNode secret =
        out.addObject()
            .put("name", "default")
            .put("api_key", reveal ? keys.secret() : keys.secret().substring(0, 14) + "··········")
            .put("type", "secret")
            .put("id", project.ref() + "-secret");
    secret.putObject("secret_jwt_template").put("role", "service_role");
    call.json(200, out);
  }

  private void postgrestConfig(HttpCall call, DoubleProject project) throws IOException {
    ObjectNode node = HttpCall.JSON.createObjectNode();
    node.put("db_schema", "public,graphql_public");
    node.put("max_rows", project.maxRows());
    node.put("db_extra_search_path", "public,extensions");
    node.putNull("db_pool");
    call.json(200, node);
  }

  private void runSql(HttpCall call, DoubleProject project) throws IOException {
    JsonNode body;
    try {
      body = call.jsonBody();
    } catch (IOException e) {
      call.message(400, "Invalid JSON body");
      return;
    }
    if (body == null || !body.path("query").isTextual()) {
      call.message(400, "query must be a string");
      return;
    }
    String query = body.get("query").asText();
    JsonNode parameters = body.path("parameters");
    boolean readOnly = body.path("read_only").asBoolean(false);
    try (Connection connection = project.database().connect()) {
      connection.setAutoCommit(false);
      try {
        if (readOnly) {
          try (Statement s = connection.createStatement()) {
            s.execute("SET TRANSACTION READ ONLY");
          }
        }
        SqlJson.Outcome outcome;
        if (parameters.isArray() && !parameters.isEmpty()) {
          try (PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < parameters.size(); i++) {
              JsonNode p = parameters.get(i);
              if (p.isNull()) {
                statement.setNull(i + 1, Types.OTHER);
              } else if (p.isNumber() || p.isBoolean()) {
                statement.setObject(i + 1, p.isBoolean() ? p.asBoolean() : p.numberValue());
              } else {
                statement.setObject(i + 1, p.isTextual() ? p.asText() : p.toString(), Types.OTHER);
              }
            }
            outcome = SqlJson.lastResult(statement, statement.execute());
          }
        } else {
          try (Statement statement = connection.createStatement()) {
            outcome = SqlJson.lastResult(statement, statement.execute(query));
          }
        }
        connection.commit();
        call.json(outcome.modified() ? 201 : 200, outcome.rows());
      } catch (SQLException e) {
        connection.rollback();
        call.message(400, "Failed to run sql query: " + describe(e));
      }
    } catch (SQLException e) {
      call.message(500, "Failed to run sql query: Connection terminated due to connection timeout");
    }
  }

  /** {@code ERROR: 42P01: relation "x" does not exist} plus LINE/HINT text, as Supabase writes. */
  static String describe(SQLException e) {
    String state = e.getSQLState() == null ? "XX000" : e.getSQLState();
    String message = e.getMessage();
    String hint = null;
    if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
      ServerErrorMessage server = p.getServerErrorMessage();
      message = server.getMessage();
      hint = server.getHint();
    }
    return "ERROR:  " + state + ": " + message + (hint == null ? "" : "\nHINT:  " + hint);
  }
}
