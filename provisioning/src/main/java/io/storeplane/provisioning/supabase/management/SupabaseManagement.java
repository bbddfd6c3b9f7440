package io.storeplane.provisioning.supabase.management;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storeplane.master.secret.SecretString;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.supabase.RetryingCaller;
import io.storeplane.provisioning.supabase.SupabaseException;
import io.storeplane.provisioning.supabase.SupabaseJson;
import io.storeplane.provisioning.supabase.SupabaseResponses;
import io.storeplane.provisioning.supabase.SupabaseResponses.Answer;
import io.storeplane.provisioning.supabase.SupabaseResponses.Api;
import io.storeplane.provisioning.supabase.schema.SqlRunner;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The Supabase Management API for one access token: typed calls over {@link SupabaseManagementApi},
 * each with the client's timeouts and the {@link RetryingCaller}'s retries (429 always; 5xx only
 * for idempotent calls, so {@link #createProject} and {@link #runSql} never repeat after a 5xx).
 * Errors are {@link SupabaseException}s. Get one from {@link
 * io.storeplane.provisioning.supabase.runtime.SupabaseClients#management(SecretString)}.
 */
public final class SupabaseManagement {

  private static final Pattern REF = Pattern.compile("[a-z]{20}");
  private static final Pattern ORGANIZATION = Pattern.compile("[\\w-]+");
  private static final List<String> READY_SERVICES = List.of("db", "rest");
  private static final int PAGE_SIZE = 100;
  private static final int MAX_PAGES = 20;

  private final SupabaseManagementApi api;
  private final SecretString token;
  private final RetryingCaller retry;

  /** Calls {@code api} with {@code token}, retrying with {@code retry}. */
  public SupabaseManagement(SupabaseManagementApi api, SecretString token, RetryingCaller retry) {
    this.api = Objects.requireNonNull(api, "api");
    this.token = Objects.requireNonNull(token, "token");
    this.retry = Objects.requireNonNull(retry, "retry");
  }

  /**
   * Creates a project. Not retried after a 5xx (Supabase may have created it); retried on 429.
   *
   * @return the new project; its status is whatever Supabase said, usually {@code COMING_UP}
   */
  public Project createProject(CreateProjectRequest request) {
    String body = request.toJson();
    JsonNode node =
        call("create project", false, () -> api.createProject(bearer(), body), "create project");
    return project(node);
  }

  /**
   * The projects of {@code organizationSlug} named exactly {@code name}, read page by page from
   * {@code GET /v1/organizations/{slug}/projects} with {@code search=name} (Supabase's search may
   * match more; only exact names are kept). Each has ref, name, region, status and the creation
   * time ({@code inserted_at}); no database host.
   */
  public List<Project> projectsNamed(String organizationSlug, String name) {
    if (organizationSlug == null || !ORGANIZATION.matcher(organizationSlug).matches()) {
      throw new IllegalArgumentException("An organization slug matches ^[\\w-]+$");
    }
    List<Project> out = new ArrayList<>();
    for (int page = 0; ; page++) {
      if (page == MAX_PAGES) {
        throw SupabaseException.of(
            ProvisioningError.SUPABASE_INVALID_RESPONSE,
            "Supabase Management API list organization projects answered more than %d pages for"
                    .formatted(MAX_PAGES)
                + " one project name",
            null);
      }
      int offset = page * PAGE_SIZE;
      JsonNode node =
          call(
              "list organization projects",
              true,
              () ->
                  api.listOrganizationProjects(bearer(), organizationSlug, offset, PAGE_SIZE, name),
              "list organization projects");
      JsonNode projects = node.path("projects");
      if (!projects.isArray()) {
        throw invalid("list organization projects");
      }
      for (JsonNode entry : projects) {
        Project project = project(entry, organizationSlug, "inserted_at");
        if (project.name().equals(name)) {
          out.add(project);
        }
      }
      if (projects.size() < PAGE_SIZE) {
        return out;
      }
    }
  }

  /** The project {@code ref}, or empty when Supabase answers 404. */
  public Optional<Project> findProject(String ref) {
    requireRef(ref);
    try {
      return Optional.of(
          project(call("get project", true, () -> api.getProject(bearer(), ref), "get project")));
    } catch (SupabaseException e) {
      if (e.code() == ProvisioningError.SUPABASE_PROJECT_NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The health of {@code services} ({@code db}, {@code rest}, ...). */
  public List<ServiceHealth> health(String ref, List<String> services) {
    requireRef(ref);
    if (services.isEmpty()) {
      throw new IllegalArgumentException("Name at least one service");
    }
    JsonNode node =
        call("get health", true, () -> api.getHealth(bearer(), ref, services), "get health");
    if (!node.isArray()) {
      throw invalid("get health");
    }
    List<ServiceHealth> out = new ArrayList<>();
    for (JsonNode entry : node) {
      out.add(
          new ServiceHealth(
              entry.path("name").asText(),
              entry.path("status").asText(""),
              Optional.ofNullable(entry.get("error"))
                  .filter(e -> !e.isNull())
                  .map(JsonNode::asText)));
    }
    return out;
  }

  /**
   * One poll of a project being waited for: its status and, once {@code ACTIVE_HEALTHY}, the health
   * of {@code db} and {@code rest}. A provisioning job calls this once per step run, so its wait
   * survives a restart (the ref is saved before the first poll).
   *
   * @throws SupabaseException {@code SUPABASE_PROJECT_NOT_FOUND} when the project is gone
   */
  public ProjectReadiness readiness(String ref) {
    Project project =
        findProject(ref)
            .orElseThrow(
                () ->
                    new SupabaseException(
                        ProvisioningError.SUPABASE_PROJECT_NOT_FOUND,
                        "Supabase project " + ref + " does not exist",
                        404,
                        null,
                        null,
                        null,
                        null));
    if (project.status().phase() != ProjectStatus.Phase.READY) {
      return new ProjectReadiness(ref, project.status(), List.of());
    }
    return new ProjectReadiness(ref, project.status(), health(ref, READY_SERVICES));
  }

  /** Every API key of the project, revealed ({@code reveal=true}). */
  public List<ApiKey> apiKeys(String ref) {
    requireRef(ref);
    JsonNode node =
        call("list api keys", true, () -> api.listApiKeys(bearer(), ref, true), "list api keys");
    if (!node.isArray()) {
      throw invalid("list api keys");
    }
    List<ApiKey> out = new ArrayList<>();
    for (JsonNode entry : node) {
      out.add(
          new ApiKey(
              entry.path("name").asText(),
              optionalText(entry, "type"),
              optionalText(entry, "api_key").map(SecretString::of),
              Optional.ofNullable(entry.get("secret_jwt_template"))
                  .flatMap(t -> optionalText(t, "role"))));
    }
    return out;
  }

  /**
   * The project's service-role key, picked as the Supabase CLI does: a {@code secret} key whose
   * template role is {@code service_role}, else the legacy {@code service_role} JWT.
   *
   * @throws SupabaseException {@code SUPABASE_KEY_NOT_FOUND} when there is neither
   */
  public SecretString serviceRoleKey(String ref) {
    List<ApiKey> keys = apiKeys(ref);
    return keys.stream()
        .filter(ApiKey::isSecretServiceRole)
        .findFirst()
        .or(() -> keys.stream().filter(ApiKey::isLegacyServiceRole).findFirst())
        .flatMap(ApiKey::value)
        .orElseThrow(
            () ->
                SupabaseException.of(
                    ProvisioningError.SUPABASE_KEY_NOT_FOUND,
                    "Supabase project " + ref + " has no service role key",
                    null));
  }

  /**
   * Runs {@code sql} (one or more statements) on the project's database as {@code postgres}. Any
   * 2xx is success (the API answers 201 or, since 2025-11, 200 for reads). Not retried after a 5xx.
   *
   * @return the rows of the last statement; empty for DDL/DML or a non-JSON body
   * @throws SupabaseException {@code SUPABASE_SQL_FAILED} with the SQLSTATE in {@link
   *     SupabaseException#apiCode()} when the SQL fails
   */
  public List<Map<String, Object>> runSql(String ref, String sql) {
    requireRef(ref);
    ObjectNode body = SupabaseJson.MAPPER.createObjectNode().put("query", sql);
    String json = SupabaseJson.write(body);
    Answer answer =
        retry.call(
            "run sql on " + ref,
            false,
            () -> exchange("run sql", () -> api.runQuery(bearer(), ref, json)));
    if (answer.body().isBlank()) {
      return List.of();
    }
    JsonNode node;
    try {
      node = SupabaseJson.MAPPER.readTree(answer.body());
    } catch (Exception notJson) {
      return List.of();
    }
    return node.isArray() ? SupabaseJson.rows(node, "run sql") : List.of();
  }

  /** Run-SQL on {@code ref} as a {@link SqlRunner}, for the schema channel. */
  public SqlRunner sqlRunner(String ref) {
    requireRef(ref);
    return sql -> runSql(ref, sql);
  }

  /**
   * Deletes the project.
   *
   * @return true when deleted, false when it was already gone (404)
   */
  public boolean deleteProject(String ref) {
    requireRef(ref);
    try {
      call("delete project", true, () -> api.deleteProject(bearer(), ref), "delete project");
      return true;
    } catch (SupabaseException e) {
      if (e.code() == ProvisioningError.SUPABASE_PROJECT_NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  /** The slugs of the organizations the token can see. */
  public List<String> organizationSlugs() {
    JsonNode node =
        call(
            "list organizations",
            true,
            () -> api.listOrganizations(bearer()),
            "list organizations");
    if (!node.isArray()) {
      throw invalid("list organizations");
    }
    List<String> out = new ArrayList<>();
    node.forEach(org -> optionalText(org, "slug").ifPresent(out::add));
    return out;
  }

  private JsonNode call(
      String operation, boolean idempotent, Supplier<Response> request, String what) {
    Answer answer = retry.call(operation, idempotent, () -> exchange(operation, request));
    return SupabaseJson.read(answer.body(), what);
  }

  private static Answer exchange(String operation, Supplier<Response> request) {
    Answer answer = SupabaseResponses.exchange(Api.MANAGEMENT, operation, request);
    if (!answer.ok()) {
      throw SupabaseResponses.failure(Api.MANAGEMENT, operation, answer);
    }
    return answer;
  }

  private String bearer() {
    return "Bearer " + token.reveal();
  }

  private static Project project(JsonNode node) {
    return project(
        node,
        optionalText(node, "organization_slug")
            .or(() -> optionalText(node, "organization_id"))
            .orElse(""),
        "created_at");
  }

  private static Project project(JsonNode node, String organizationSlug, String createdField) {
    String ref = optionalText(node, "ref").or(() -> optionalText(node, "id")).orElse(null);
    if (ref == null || !REF.matcher(ref).matches()) {
      throw invalid("project");
    }
    String status = node.path("status").asText("");
    return new Project(
        ref,
        node.path("name").asText(""),
        organizationSlug,
        node.path("region").asText(""),
        ProjectStatus.parse(status),
        status,
        node.path(createdField).asText(""),
        Optional.ofNullable(node.get("database")).flatMap(d -> optionalText(d, "host")));
  }

  private static Optional<String> optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }

  private static SupabaseException invalid(String operation) {
    return SupabaseException.of(
        ProvisioningError.SUPABASE_INVALID_RESPONSE,
        "Supabase Management API " + operation + " answered in an undocumented shape",
        null);
  }

  private static void requireRef(String ref) {
    if (ref == null || !REF.matcher(ref).matches()) {
      throw new IllegalArgumentException("A Supabase project ref is 20 lowercase letters");
    }
  }
}
