package io.storeplane.api.contract;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.smallrye.openapi.runtime.io.Format;
import io.smallrye.openapi.runtime.io.OpenApiSerializer;
import io.storeplane.api.problem.Problem;
import io.storeplane.api.problem.ProblemCatalogue;
import io.storeplane.billing.limits.PlanLimit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;
import org.eclipse.microprofile.openapi.models.servers.Server;
import org.eclipse.microprofile.openapi.models.tags.Tag;

/**
 * The rules every operation of the API shares, applied to the document in one place at build time
 * (so the stored document the client module generates from and the served {@code /q/openapi} are
 * the same): the bearer security scheme on every {@code /api/} operation, the {@code Problem}
 * schema listing every problem type of {@link ProblemCatalogue}, the error responses every
 * operation can answer (each with its problem+json body, {@code Retry-After} on 429 and 503), tag
 * descriptions, and a version that changes whenever the document does.
 *
 * <p>What is particular to an operation (its {@code operationId}, summary, description, success
 * responses with their headers and examples, and errors only it answers, such as 409 {@code
 * slug-taken}) is annotated on its resource method; this filter only gives such an error response
 * its problem body when the annotation left it out.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ContractFilter implements OASFilter {

  /** The security scheme's name in {@code components.securitySchemes}. */
  public static final String SECURITY_SCHEME = "bearer";

  /** The API's major version, as in {@code /api/v1}. */
  static final String MAJOR_VERSION = "1";

  private static final String PROBLEM_REF = "#/components/schemas/Problem";
  private static final String API_PREFIX = "/api/";

  /** Tags with what they group, in the order Swagger UI shows them. */
  static final Map<String, String> TAGS = tags();

  /**
   * The errors any operation can answer, by status: a shared response in {@code
   * components.responses} each operation refers to unless it documents that status itself.
   */
  private static final Map<String, String> SHARED_ERRORS = sharedErrors();

  @Override
  public void filterOpenAPI(OpenAPI openApi) {
    ScalarSchemas.inline(openApi);
    if (openApi.getComponents() == null) {
      openApi.setComponents(OASFactory.createComponents());
    }
    Components components = openApi.getComponents();
    components.addSchema("Problem", problemSchema());
    components.addSchema("FieldError", fieldErrorSchema());
    components.addSchema("ProblemLimit", problemLimitSchema());
    components.addSecurityScheme(SECURITY_SCHEME, securityScheme());

    if (openApi.getPaths() != null && openApi.getPaths().getPathItems() != null) {
      openApi
          .getPaths()
          .getPathItems()
          .forEach(
              (path, item) ->
                  item.getOperations()
                      .values()
                      .forEach(operation -> complete(path, item, operation)));
    }
    // Only the shared responses some operation refers to (each may document a status itself).
    SHARED_ERRORS.forEach(
        (status, description) -> {
          if (refersTo(openApi, "#/components/responses/" + sharedName(status))) {
            components.addResponse(sharedName(status), problemResponse(status, description));
          }
        });
    openApi.setTags(describedTags(openApi.getTags()));
    openApi.setInfo(
        OASFactory.createInfo()
            .title("Storeplane control plane API")
            .description(
                "Onboard stores, give each its own database, and keep them all on the current"
                    + " schema. Errors are RFC 7807 problem documents; docs/api.md lists every"
                    + " problem type.")
            .version(MAJOR_VERSION));
    openApi.setServers(List.of(server()));
    openApi.getInfo().setVersion(MAJOR_VERSION + ".0.0+" + fingerprint(openApi));
  }

  private static void complete(String path, PathItem item, Operation operation) {
    APIResponses responses = operation.getResponses();
    if (responses == null) {
      responses = OASFactory.createAPIResponses();
      operation.setResponses(responses);
    }
    responses.removeAPIResponse("default");

    boolean hasBody = operation.getRequestBody() != null;
    boolean hasPathParameters =
        parameters(item, operation).stream().anyMatch(p -> p.getIn() == Parameter.In.PATH);

    if (path.startsWith(API_PREFIX)) {
      operation.setSecurity(
          List.of(OASFactory.createSecurityRequirement().addScheme(SECURITY_SCHEME)));
      shared(responses, "401");
      shared(responses, "403");
    }
    // Any operation: a query parameter holding NUL is validation-failed, declared or not.
    // 414 and 431 (and 413 and 415 on any method that may carry a body) come from the HTTP layer,
    // before any resource runs (HttpLayerLimits, BodyMediaTypeFilter).
    shared(responses, "400");
    if (hasPathParameters) {
      shared(responses, "404");
    }
    shared(responses, "406");
    // The HTTP layer judges a body before any resource runs, whether the operation takes one.
    if (hasBody || item.getGET() != operation) {
      shared(responses, "413");
      shared(responses, "415");
    }
    shared(responses, "414");
    shared(responses, "431");
    shared(responses, "429");
    shared(responses, "500");
    shared(responses, "503");

    responses
        .getAPIResponses()
        .forEach(
            (status, response) -> {
              if (isError(status) && response.getRef() == null) {
                if (response.getContent() == null
                    || response.getContent().getMediaTypes() == null
                    || response.getContent().getMediaTypes().isEmpty()) {
                  response.setContent(problemContent());
                }
                if (retriable(status)) {
                  response.addHeader("Retry-After", retryAfter());
                }
              }
            });
  }

  private static boolean refersTo(OpenAPI openApi, String ref) {
    if (openApi.getPaths() == null || openApi.getPaths().getPathItems() == null) {
      return false;
    }
    return openApi.getPaths().getPathItems().values().stream()
        .flatMap(item -> item.getOperations().values().stream())
        .flatMap(operation -> operation.getResponses().getAPIResponses().values().stream())
        .anyMatch(response -> ref.equals(response.getRef()));
  }

  private static List<Parameter> parameters(PathItem item, Operation operation) {
    List<Parameter> all = new ArrayList<>();
    if (item.getParameters() != null) {
      all.addAll(item.getParameters());
    }
    if (operation.getParameters() != null) {
      all.addAll(operation.getParameters());
    }
    return all;
  }

  /** Refers to the shared response for {@code status} unless the operation documents it. */
  private static void shared(APIResponses responses, String status) {
    if (!responses.hasAPIResponse(status)) {
      responses.addAPIResponse(
          status,
          OASFactory.createAPIResponse().ref("#/components/responses/" + sharedName(status)));
    }
  }

  private static boolean isError(String status) {
    return status.startsWith("4") || status.startsWith("5");
  }

  private static boolean retriable(String status) {
    return status.equals("429") || status.equals("503");
  }

  private static APIResponse problemResponse(String status, String description) {
    APIResponse response =
        OASFactory.createAPIResponse().description(description).content(problemContent());
    if (retriable(status)) {
      response.addHeader("Retry-After", retryAfter());
    }
    if (status.equals("401")) {
      response.addHeader(
          "WWW-Authenticate",
          OASFactory.createHeader()
              .description("`Bearer`: the scheme to authenticate with.")
              .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
    }
    return response;
  }

  private static Content problemContent() {
    return OASFactory.createContent()
        .addMediaType(
            Problem.MEDIA_TYPE,
            OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF)));
  }

  private static Header retryAfter() {
    return OASFactory.createHeader()
        .description("Seconds to wait before trying again.")
        .schema(
            OASFactory.createSchema()
                .addType(Schema.SchemaType.INTEGER)
                .format("int32")
                .minimum(java.math.BigDecimal.ZERO));
  }

  private static String sharedName(String status) {
    return switch (status) {
      case "400" -> "BadRequest";
      case "401" -> "Unauthorized";
      case "403" -> "Forbidden";
      case "404" -> "NotFound";
      case "406" -> "NotAcceptable";
      case "413" -> "PayloadTooLarge";
      case "414" -> "UriTooLong";
      case "415" -> "UnsupportedMediaType";
      case "431" -> "HeadersTooLarge";
      case "429" -> "TooManyRequests";
      case "500" -> "InternalError";
      case "503" -> "Unavailable";
      default -> throw new IllegalArgumentException("No shared response for " + status);
    };
  }

  private static Map<String, String> sharedErrors() {
    Map<String, String> errors = new LinkedHashMap<>();
    errors.put(
        "400",
        "The request is not valid (`validation-failed`, with `errors` naming every failing field)"
            + " or its body cannot be read (`malformed-request`).");
    errors.put(
        "401",
        "No token, or a token that is unknown, revoked or expired (`unauthorized`); too many"
            + " of these from one address answer 429.");
    errors.put(
        "403",
        "The token's role does not grant this call, or a store token asked about another store"
            + " (`forbidden`); a suspended store's token (`store-suspended`).");
    errors.put(
        "404",
        "Nothing has this id, a malformed id included (`store-not-found`, `job-not-found`, …; the"
            + " detail never echoes the id).");
    errors.put(
        "406", "The `Accept` header names no type this operation answers with (`not-acceptable`).");
    errors.put("413", "The body is over 256 KiB, declared or chunked (`payload-too-large`).");
    errors.put(
        "414",
        "The request line is over 4,096 characters (`uri-too-long`); the connection is closed.");
    errors.put(
        "431",
        "The request headers are over 20,480 characters in all (`headers-too-large`); the"
            + " connection is closed.");
    errors.put(
        "415",
        "The body is not `application/json`, or was sent without a `Content-Type`"
            + " (`unsupported-media-type`).");
    errors.put(
        "429",
        "Over the token's request rate, or too many failed authentications from the address"
            + " (`rate-limited`); or, for a store token, the store's API quota for the UTC day is"
            + " used up (`api-quota-exceeded`). `Retry-After` says when to try again.");
    errors.put(
        "500",
        "A fault on the platform's side (`internal-error`); the detail gives the request id to"
            + " quote, never a stack trace.");
    errors.put(
        "503",
        "A dependency does not answer: the master database (`master-database-unavailable`), a"
            + " store's database, Supabase or the key ring; `Retry-After` says when to try again.");
    return errors;
  }

  /**
   * The server is the one that serves the document: a relative URL, so a client (or Swagger UI)
   * calls the instance it read {@code /q/openapi} from, never the {@code localhost:8080} the build
   * would otherwise write into the stored document.
   */
  private static Server server() {
    return OASFactory.createServer()
        .url("/")
        .description(
            "The Storeplane instance serving this document; a generated client sets its base URL"
                + " to the instance's address.");
  }

  private static Schema problemSchema() {
    Schema type =
        OASFactory.createSchema()
            .addType(Schema.SchemaType.STRING)
            .description(
                "Stable URI naming the kind of problem, `urn:storeplane:problem:<code>`; key on"
                    + " it (or on `code`), not on `detail`. Every value is listed in docs/api.md,"
                    + " \"Problem types\". Types are never renamed or reused, but new ones are"
                    + " added: treat a value not listed here as its status's generic meaning.");
    ProblemCatalogue.entries().forEach(entry -> type.addEnumeration(entry.type()));
    Schema fieldErrors =
        OASFactory.createSchema()
            .addType(Schema.SchemaType.ARRAY)
            .items(OASFactory.createSchema().ref("#/components/schemas/FieldError"))
            .description("The failing fields of a validation problem, each once.");
    return OASFactory.createSchema()
        .addType(Schema.SchemaType.OBJECT)
        .description(
            "An RFC 7807 problem document (`application/problem+json`): the body of every error"
                + " response.")
        .addProperty("type", type)
        .addProperty(
            "title",
            string("Short summary of the kind of problem; the same for every problem of a type."))
        .addProperty(
            "status",
            OASFactory.createSchema()
                .addType(Schema.SchemaType.INTEGER)
                .format("int32")
                .description("The HTTP status, the same as the response's."))
        .addProperty(
            "detail",
            string(
                "What went wrong this time, for a human. Never a secret, a value that was sent or"
                    + " a stack trace."))
        .addProperty(
            "instance",
            string("The request path (left out when the request line itself was too long)."))
        .addProperty(
            "code",
            OASFactory.createSchema()
                .addType(Schema.SchemaType.STRING)
                .pattern("^[a-z][a-z0-9-]*$")
                .description("The stable code alone, e.g. `slug-taken`: the last part of `type`."))
        .addProperty(
            "requestId",
            string("The request's id, as in the `X-Request-Id` header and the server's log lines."))
        .addProperty("errors", fieldErrors)
        .addProperty("limit", OASFactory.createSchema().ref("#/components/schemas/ProblemLimit"))
        .required(List.of("type", "title", "status", "code"));
  }

  private static Schema fieldErrorSchema() {
    return OASFactory.createSchema()
        .addType(Schema.SchemaType.OBJECT)
        .description("One field of a request that a problem is about; never its value.")
        .addProperty("field", string("The field's JSON path, e.g. `database.host`."))
        .addProperty("message", string("The rule it broke."))
        .required(List.of("field", "message"));
  }

  private static Schema problemLimitSchema() {
    Schema name =
        OASFactory.createSchema()
            .addType(Schema.SchemaType.STRING)
            .description(
                "The limit: `products` (products in the store), `ordersPerMonth` (orders created"
                    + " this calendar month, UTC) or `storageMb` (storage in MB at the store's"
                    + " last usage rollup).");
    for (PlanLimit limit : PlanLimit.values()) {
      name.addEnumeration(limit.wireName());
    }
    return OASFactory.createSchema()
        .addType(Schema.SchemaType.OBJECT)
        .description(
            "The plan limit a `plan-limit-exceeded` problem is about (present on that problem"
                + " only): which limit, the store's plan, what the store has and what the plan"
                + " allows, in the limit's unit.")
        .addProperty("name", name)
        .addProperty("plan", string("The store's plan code, e.g. `free`."))
        .addProperty(
            "usage",
            OASFactory.createSchema()
                .addType(Schema.SchemaType.INTEGER)
                .format("int64")
                .minimum(java.math.BigDecimal.ZERO)
                .description("What the store has or uses now, in the limit's unit."))
        .addProperty(
            "limit",
            OASFactory.createSchema()
                .addType(Schema.SchemaType.INTEGER)
                .format("int64")
                .minimum(java.math.BigDecimal.ZERO)
                .description("What the plan allows, in the same unit."))
        .required(List.of("name", "plan", "usage", "limit"));
  }

  private static Schema string(String description) {
    return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
  }

  private static SecurityScheme securityScheme() {
    return OASFactory.createSecurityScheme()
        .type(SecurityScheme.Type.HTTP)
        .scheme("bearer")
        .bearerFormat("opaque")
        .description(
            "An API token in the `Authorization: Bearer <token>` header: a platform user's token"
                + " (its role decides what it may do) or a store's token (only its own store's"
                + " endpoints). Create them with `POST /api/v1/tokens`.");
  }

  private static List<Tag> describedTags(List<Tag> used) {
    List<Tag> tags = new ArrayList<>();
    TAGS.forEach(
        (name, description) ->
            tags.add(OASFactory.createTag().name(name).description(description)));
    if (used != null) {
      for (Tag tag : used) {
        if (!TAGS.containsKey(tag.getName())) {
          tags.add(tag); // left without a description: ContractLintTest names it
        }
      }
    }
    return tags;
  }

  private static Map<String, String> tags() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(
        "Stores",
        "The store registry: register a store, list and read stores, change, suspend, resume and"
            + " soft-delete them, and the plans on offer.");
    tags.put(
        "Provisioning",
        "Give a store its database (managed PostgreSQL or MySQL, an existing database, or"
            + " Supabase), follow the job, take the database out of service, and manage the"
            + " database servers stores are placed on.");
    tags.put(
        "Jobs",
        "The durable jobs of every kind (provisioning and the rest) and the recurring"
            + " schedules.");
    tags.put(
        "Connections",
        "How the platform reaches a store's database: the pool and circuit breaker state.");
    tags.put(
        "Store data",
        "A store's own data (products, orders, customers, …) read and written through the"
            + " platform, by the store's token or a platform user's.");
    tags.put(
        "Access",
        "Platform users, API tokens (platform and store-scoped), encryption keys and platform"
            + " settings.");
    tags.put("Audit", "The audit trail of every change made through the API.");
    tags.put(
        "Fleet",
        "Operations on existing stores' databases across the fleet: each store's schema against"
            + " its version (drift), the fleet's drift report, managed servers reconciled with the"
            + " registry.");
    tags.put(
        "Usage",
        "What stores use (API calls, products, orders, storage, counted per UTC day): usage by"
            + " store and day or month (JSON or CSV), how near each store is to its plan's limits,"
            + " the usage, performance and store analytics reports, and the jobs that roll usage"
            + " up from each store's database.");
    return tags;
  }

  /**
   * A short hash of the whole document (its version set to the major version only), so the version
   * served changes whenever any part of the contract does.
   */
  private static String fingerprint(OpenAPI openApi) {
    try {
      String json = OpenApiSerializer.serialize(openApi, Format.JSON);
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 6);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not serialize the OpenAPI document to version it", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
