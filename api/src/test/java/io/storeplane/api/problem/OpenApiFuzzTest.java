package io.storeplane.api.problem;

import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.JobPolling;
import io.storeplane.api.TestApi;
import io.storeplane.api.TestCallers;
import io.storeplane.api.contract.HttpExchangeValidation;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Fuzzes every operation of the OpenAPI document (issue 14, "Also"): the document is read at run
 * time, so an endpoint added later is fuzzed without editing this test. Path parameters are filled
 * with real ids (a store whose real database its provisioning job brought to the client schema, a
 * user, a token, a job, a row, a setting key) so requests reach deep code, and with crafted bad
 * ids; each operation then gets a fixed, seeded set of malformed inputs: invalid JSON, wrong types
 * for every schema property, NUL and control characters, overlong strings, huge numbers, nesting
 * 2,000 deep, duplicate keys, missing and unknown fields, wrong Content-Types, an oversized body,
 * wrong methods and bad query parameters. Store paths get the battery again with the store's own
 * token.
 *
 * <p>The expectations, checked on every answer and reported all together: no 5xx; every 4xx is
 * {@code application/problem+json}; no body carries driver or exception text ({@link
 * #LEAK_MARKERS}); and every answer to a request that matches an operation of the document is one
 * the document describes (issue 16: status, headers and body, checked by {@link
 * HttpExchangeValidation} as every RestAssured test is). Operations that would break the
 * application for the tests after this one when given valid input are fired only with input that
 * cannot succeed ({@link #GUARDED}); a 2xx from one of them is reported too.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiFuzzTest {

  /** Text that must never reach a client: driver, SQL and JVM internals. */
  static final List<String> LEAK_MARKERS =
      List.of(
          "Exception",
          "PSQLException",
          "SQLSTATE",
          "SQLState",
          "at io.",
          "at java.",
          "at org.",
          "org.postgresql",
          "org.hibernate",
          "org.mariadb",
          "com.mysql",
          "com.zaxxer",
          "java.",
          "jakarta.",
          "io.storeplane.",
          "Failing row",
          "Duplicate entry",
          "violates",
          "ERROR: ",
          "Caused by",
          "Pool store-");

  /**
   * Operations fired only with input that cannot succeed, and why: rotating the keys, draining a
   * managed server (new stores of later tests would have nowhere to go) and following a job's event
   * stream (it stays open) get crafted ids or malformed bodies only, never the real thing.
   */
  static final Map<String, String> GUARDED =
      Map.of(
          "POST /api/v1/admin/keys/rotate", "re-seals every secret; sent as a store token only",
          "POST /api/v1/database-servers/{id}/drain", "drains a default server; crafted ids only",
          "GET /api/v1/provision/{jobId}/events", "an event stream stays open; crafted ids only",
          "POST /api/v1/database-servers",
              "registers a server placement may pick; bad bodies only");

  /** Operations on a store whose state they change go to a throwaway store, not the data store. */
  static final Set<String> ON_THROWAWAY_STORE =
      Set.of(
          "DELETE /api/v1/stores/{id}",
          "POST /api/v1/stores/{id}/suspend",
          "POST /api/v1/stores/{id}/resume",
          "POST /api/v1/stores/{id}/deprovision");

  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
  private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int DEEP = 2000;
  private static final String CONTRACT = "contract: ";

  @TestHTTPResource("/")
  URL root;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final Random random = new Random(14);
  private final List<Failure> failures = new ArrayList<>();
  private final Map<String, Integer> requestsPerOperation = new TreeMap<>();

  private int retries;
  private TestDatabase database;
  private JsonNode openApi;
  private String store;
  private String storeToken;
  private String throwawayStore;
  private String userId;
  private String tokenId;
  private String jobId;
  private String rowId;

  /** One operation of the document. */
  record Operation(String method, String template, JsonNode node, JsonNode bodySchema) {
    @Override
    public String toString() {
      return method + " " + template;
    }

    boolean onStore() {
      return template.startsWith("/api/v1/stores/{id}");
    }
  }

  /** One request: what it is, as whom, and how it went wrong. */
  record Failure(String operation, String input, int status, String contentType, String excerpt) {
    @Override
    public String toString() {
      return "%s [%s] -> %d %s: %s (%s)"
          .formatted(operation, input, status, contentType, excerpt, owner());
    }

    /** Which finding of issue 14 (or 16) the failure belongs to, so the report says whose it is. */
    String owner() {
      if (excerpt.startsWith(CONTRACT)) {
        return "issue 16, the document does not describe this answer";
      }
      if (Set.of(405, 413, 414, 415).contains(status)
          || (status == 400 && !contentType.startsWith("application/problem+json"))) {
        return "finding 6, HTTP-layer errors (h-http)";
      }
      if (operation.contains("/data/")) {
        return "finding 4, store data driver text (h-data)";
      }
      if (operation.contains("/database-servers")) {
        return "finding 1, server registration (h-servers)";
      }
      return "unassigned";
    }
  }

  @AfterAll
  void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  void everyOperationAnswersMalformedInputWithAProblemAndNoInternals() throws Exception {
    long started = System.nanoTime();
    setUp();
    long fuzzing = System.nanoTime();
    List<Operation> operations = operations();
    assertThat(operations)
        .as("the OpenAPI document lists the API (a walk over nothing would pass)")
        .hasSizeGreaterThan(30);

    for (Operation operation : operations) {
      fuzz(operation);
    }
    for (Map.Entry<String, JsonNode> path : fields(openApi.get("paths"))) {
      wrongMethods(path.getKey(), path.getValue());
    }

    int total = requestsPerOperation.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf(
        "OpenApiFuzzTest: set-up %d ms; %d requests over %d operations in %d ms (%d resent on a"
            + " closed connection); %d failures%n",
        Duration.ofNanos(fuzzing - started).toMillis(),
        total,
        operations.size(),
        Duration.ofNanos(System.nanoTime() - fuzzing).toMillis(),
        retries,
        failures.size());
    for (Operation operation : operations) {
      assertThat(requestsPerOperation.getOrDefault(operation.toString(), 0))
          .as("requests sent to %s", operation)
          .isPositive();
    }
    StringBuilder report = new StringBuilder();
    failures.forEach(f -> report.append('\n').append(f));
    assertThat(failures).as("%d failures:%s", failures.size(), report).isEmpty();
  }

  // --- Fixtures: real ids, so requests reach past the lookups --------------------------------

  private void setUp() throws Exception {
    openApi = JSON.readTree(send("GET", "/q/openapi?format=json", Map.of(), null).body());

    DriverClassLoaderGuard.installTestPolicy();
    // An empty database: the store's provisioning job applies the client schema to it.
    database = TestDatabases.postgres().createDatabase("apifuzz");
    store =
        TestCallers.newStore(
                "Fuzz store",
                "fuzz",
                Map.of(
                    "type", "postgresql",
                    "host", database.server().host(),
                    "port", database.server().port(),
                    "database", database.name(),
                    "username", database.username(),
                    "password", "unused-with-trust"))
            .getString("id");
    jobId = asAdmin().get("/api/v1/stores/" + store).jsonPath().getString("provisioningJobId");
    assertThat(JobPolling.awaitEnd(jobId, status -> {}).getString("status")).isEqualTo("succeeded");
    storeToken = TestCallers.tokenForStore(store);
    throwawayStore = TestCallers.newStore();
    userId =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "email", "fuzz-" + UUID.randomUUID() + "@example.com",
                    "fullName", "Fuzz",
                    "role", "viewer"))
            .post("/api/v1/users")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    tokenId =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(Map.of("storeId", throwawayStore, "name", "fuzz"))
            .post("/api/v1/tokens")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    rowId =
        TestApi.as(storeToken)
            .contentType(ContentType.JSON)
            .body(Map.of("name", "Fuzz", "slug", "fuzz-" + UUID.randomUUID()))
            .post("/api/v1/stores/" + store + "/data/categories")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
  }

  /** A real value for a path parameter, or null where only crafted ids may be sent. */
  private String realValue(Operation operation, String param) {
    if (GUARDED.containsKey(operation.toString())) {
      return null;
    }
    switch (param) {
      case "jobId":
        return jobId;
      case "key":
        return "supabase.default-region";
      case "table":
        return "categories";
      case "rowId":
        return rowId;
      case "id":
        if (operation.onStore()) {
          return ON_THROWAWAY_STORE.contains(operation.toString()) ? throwawayStore : store;
        }
        if (operation.template().startsWith("/api/v1/users/")) {
          return userId;
        }
        if (operation.template().startsWith("/api/v1/tokens/")) {
          return tokenId;
        }
        return null;
      default:
        return null;
    }
  }

  // --- The walk ------------------------------------------------------------------------------

  private List<Operation> operations() {
    List<Operation> operations = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : fields(openApi.get("paths"))) {
      for (Map.Entry<String, JsonNode> op : fields(path.getValue())) {
        String method = op.getKey().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
          continue;
        }
        JsonNode schema = op.getValue().at("/requestBody/content/application~1json/schema");
        operations.add(
            new Operation(
                method, path.getKey(), op.getValue(), schema.isMissingNode() ? null : schema));
      }
    }
    return operations;
  }

  private void fuzz(Operation operation) {
    String token = TestApi.ADMIN_TOKEN;
    if (operation.template().endsWith("/admin/keys/rotate")) {
      // GUARDED: any request an admin sends rotates, malformed or not; a store token is refused.
      bodies(operation, storeToken, operation.template(), false);
      return;
    }
    Map<String, String> real = new LinkedHashMap<>();
    boolean allReal = true;
    for (String param : pathParams(operation.template())) {
      String value = realValue(operation, param);
      real.put(param, value == null ? UUID.randomUUID().toString() : value);
      allReal &= value != null;
    }
    String path = fill(operation.template(), real);

    // Crafted ids in every path parameter, one at a time.
    for (String param : real.keySet()) {
      for (Map.Entry<String, String> bad : badIds().entrySet()) {
        Map<String, String> ids = new LinkedHashMap<>(real);
        ids.put(param, bad.getValue());
        String body = operation.bodySchema() == null ? null : baseBody(operation).toString();
        check(operation, "path " + param + "=" + bad.getKey(), token, fill(operation, ids), body);
      }
    }
    if (!allReal && GUARDED.containsKey(operation.toString())) {
      return;
    }
    // Bad query parameters, declared or not.
    for (String query : queryParams(operation)) {
      for (Map.Entry<String, String> bad : badQueryValues().entrySet()) {
        check(
            operation,
            "query " + query + "=" + bad.getKey(),
            token,
            path + "?" + query + "=" + bad.getValue(),
            null);
      }
    }
    check(operation, "query repeated", token, path + "?page=1&page=2&size=1&size=-1", null);
    check(operation, "query unknown", token, path + "?fuzzUnknown=%00&=&&", null);
    // Malformed bodies (also to operations that take none: a body must not confuse them).
    if (operation.bodySchema() != null || !operation.method().equals("GET")) {
      bodies(operation, token, path, true);
      if (operation.onStore()) {
        bodies(operation, storeToken, path, false);
      }
    }
  }

  /**
   * Malformed bodies; {@code perProperty} adds the per-property mutations (the store token gets the
   * rest only: it reaches the same code after its scope check, so repeating them adds time only).
   */
  private void bodies(Operation operation, String token, String path, boolean perProperty) {
    String as = token.equals(TestApi.ADMIN_TOKEN) ? "" : " as store token";
    ObjectNode base = baseBody(operation);
    for (Map.Entry<String, String> raw : rawBodies(base).entrySet()) {
      check(operation, "body " + raw.getKey() + as, token, path, raw.getValue());
    }
    if (perProperty) {
      for (Map.Entry<String, ObjectNode> mutated : mutations(operation, base).entrySet()) {
        check(
            operation, "body " + mutated.getKey() + as, token, path, mutated.getValue().toString());
      }
    }
    for (String contentType :
        List.of(
            "text/plain",
            "application/xml",
            "*/*",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "application/json; charset=x-unknown",
            "")) {
      check(
          operation,
          "content-type '" + contentType + "'" + as,
          token,
          path,
          base.toString(),
          contentType);
    }
    check(
        operation,
        "body over 256 KiB" + as,
        token,
        path,
        "{\"x\":\"" + "a".repeat(300 * 1024) + "\"}");
  }

  private void wrongMethods(String template, JsonNode pathItem) {
    String path = fill(template, Map.of());
    for (String method : METHODS) {
      if (!pathItem.has(method.toLowerCase(Locale.ROOT))) {
        Operation operation = new Operation(method, template, pathItem, null);
        checkAs(operation, "wrong method", method, TestApi.ADMIN_TOKEN, path, null, null);
      }
    }
  }

  // --- Inputs --------------------------------------------------------------------------------

  private static Map<String, String> badIds() {
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put("not-a-uuid", "not-a-uuid");
    ids.put("nil-uuid", "00000000-0000-0000-0000-000000000000");
    ids.put("nul", "%00");
    ids.put("nul-inside", "a%00b");
    ids.put("control", "%01%1B%7F");
    ids.put("invalid-utf8", "%C3%28");
    ids.put("unicode", "%F0%9F%98%80%C3%A9");
    ids.put("overlong-300", "x".repeat(300));
    ids.put("overlong-url", "x".repeat(10_000));
    ids.put("negative", "-1");
    ids.put("huge-number", "99999999999999999999999999");
    ids.put("sql", "%27%20OR%20%271%27%3D%271");
    ids.put("dot-dot", "..%2F..%2Fq");
    ids.put("space", "%20");
    return ids;
  }

  private static Map<String, String> badQueryValues() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("negative", "-1");
    values.put("zero", "0");
    values.put("int-overflow", "2147483648");
    values.put("huge", "99999999999999999999999999");
    values.put("fraction", "1.5");
    values.put("exponent", "1e999");
    values.put("non-numeric", "abc");
    values.put("empty", "");
    values.put("nul", "%00");
    values.put("control", "%01%1B");
    values.put("invalid-utf8", "%C3%28");
    values.put("unknown-enum", "fuzz-unknown-enum");
    values.put("overlong", "x".repeat(3000));
    values.put("sort-injection", "name%3Bdrop%20table%20stores");
    values.put("operator", "gte%3A%00");
    return values;
  }

  private Map<String, String> rawBodies(ObjectNode base) {
    Map<String, String> bodies = new LinkedHashMap<>();
    bodies.put("invalid-json", "{\"a\":");
    bodies.put(
        "truncated", base.toString().substring(0, Math.max(1, base.toString().length() / 2)));
    bodies.put("trailing-garbage", base + "}}");
    bodies.put("single-quotes", "{'a':'b'}");
    bodies.put("empty", "");
    bodies.put("null", "null");
    bodies.put("array", "[]");
    bodies.put("string", "\"x\"");
    bodies.put("huge-number", "1e999999");
    bodies.put("raw-nul", "{\"a\u0000\":1}");
    bodies.put("deep-array", "[".repeat(DEEP) + "]".repeat(DEEP));
    bodies.put("deep-object", "{\"a\":".repeat(DEEP) + "1" + "}".repeat(DEEP));
    String first = base.fieldNames().hasNext() ? base.fieldNames().next() : "a";
    bodies.put("deep-in-field", "{\"" + first + "\":" + "[".repeat(DEEP) + "]".repeat(DEEP) + "}");
    bodies.put(
        "duplicate-key",
        base.size() == 0
            ? "{\"a\":1,\"a\":2}"
            : base.toString()
                .replaceFirst("\\}$", "," + "\"" + first + "\":" + base.get(first) + "}"));
    bodies.put("lone-surrogate", "{\"" + first + "\":\"\\ud800\"}");
    bodies.put("random-bytes", randomText(64));
    return bodies;
  }

  private Map<String, ObjectNode> mutations(Operation operation, ObjectNode base) {
    Map<String, ObjectNode> mutated = new LinkedHashMap<>();
    mutated.put("empty-object", NODES.objectNode());
    ObjectNode extra = base.deepCopy();
    extra.put("fuzzUnknownField", 1);
    mutated.put("unknown-field", extra);
    JsonNode properties = properties(operation.bodySchema());
    for (Map.Entry<String, JsonNode> property : fields(properties)) {
      String name = property.getKey();
      JsonNode schema = resolve(property.getValue());
      ObjectNode missing = base.deepCopy();
      missing.remove(name);
      mutated.put(name + " missing", missing);
      Map<String, JsonNode> values = new LinkedHashMap<>();
      values.put("null", NODES.nullNode());
      values.put("number", NODES.numberNode(12345));
      values.put("negative", NODES.numberNode(-1));
      values.put("fraction", NODES.numberNode(1.5));
      values.put("huge", NODES.numberNode(new java.math.BigInteger("9".repeat(40))));
      values.put(
          "long-overflow", NODES.numberNode(new java.math.BigInteger("9223372036854775808")));
      values.put("boolean", NODES.booleanNode(true));
      values.put("string", NODES.textNode("abc"));
      values.put("array", NODES.arrayNode().add(1).add("x"));
      values.put("object", NODES.objectNode().put("a", 1));
      values.put("nul", NODES.textNode("a\u0000b"));
      values.put("control", NODES.textNode("a\u0001\u001b[31m\u007f\u0085b"));
      values.put("overlong", NODES.textNode("x".repeat(70_000)));
      values.put("unknown-enum", NODES.textNode("fuzz-unknown-enum"));
      values.put("blank", NODES.textNode("   "));
      values.put("emoji", NODES.textNode("\uD83D\uDE00\u00e9"));
      values.put("random", NODES.textNode(randomText(24)));
      String type = schema.path("type").asText("");
      for (Map.Entry<String, JsonNode> value : values.entrySet()) {
        if (sameKind(type, value.getValue()) && !value.getValue().isTextual()) {
          continue; // a valid value of the right type is not a malformed input
        }
        ObjectNode body = base.deepCopy();
        body.set(name, value.getValue());
        mutated.put(name + "=" + value.getKey(), body);
      }
    }
    return mutated;
  }

  private static boolean sameKind(String type, JsonNode value) {
    switch (type) {
      case "integer":
        return value.isIntegralNumber() && value.canConvertToInt() && value.asInt() > 0;
      case "number":
        return value.isNumber() && value.asDouble() > 0 && value.asDouble() < 1e9;
      case "boolean":
        return value.isBoolean();
      default:
        return false;
    }
  }

  /** A body from the schema: plausible values, so one mutation at a time is what fails. */
  private ObjectNode baseBody(Operation operation) {
    JsonNode schema = operation.bodySchema() == null ? NODES.objectNode() : operation.bodySchema();
    JsonNode properties = properties(schema);
    ObjectNode body = NODES.objectNode();
    if (properties.isEmpty() && operation.template().contains("/data/")) {
      body.put("name", "Fuzz");
      body.put("slug", "fuzz-base");
      body.put("sort_order", 1);
      return body;
    }
    for (Map.Entry<String, JsonNode> property : fields(properties)) {
      body.set(property.getKey(), sample(property.getKey(), resolve(property.getValue()), 0));
    }
    if (GUARDED.containsKey(operation.toString()) && body.has("port")) {
      // The document's enums and examples make the sampled body valid; a guarded operation must
      // get bad bodies only, whichever other field a mutation changes.
      body.put("port", 0);
    }
    return body;
  }

  private JsonNode sample(String name, JsonNode schema, int depth) {
    if (schema.has("enum")) {
      return schema.get("enum").get(0);
    }
    switch (schema.path("type").asText("")) {
      case "integer":
      case "number":
        return NODES.numberNode(1);
      case "boolean":
        return NODES.booleanNode(false);
      case "array":
        return NODES.arrayNode();
      case "object":
        ObjectNode nested = NODES.objectNode();
        if (depth < 3) {
          for (Map.Entry<String, JsonNode> p : fields(properties(schema))) {
            nested.set(p.getKey(), sample(p.getKey(), resolve(p.getValue()), depth + 1));
          }
        }
        return nested;
      default:
        if ("uuid".equals(schema.path("format").asText())) {
          return NODES.textNode(store);
        }
        if (name.equals("host")) {
          return NODES.textNode("127.0.0.1");
        }
        if (name.equals("email")) {
          return NODES.textNode("fuzz-" + random.nextInt(1_000_000) + "@example.com");
        }
        return NODES.textNode("fuzz");
    }
  }

  private JsonNode properties(JsonNode schema) {
    if (schema == null) {
      return NODES.objectNode();
    }
    JsonNode resolved = resolve(schema);
    if (resolved.has("allOf")) {
      ObjectNode merged = NODES.objectNode();
      for (JsonNode part : resolved.get("allOf")) {
        fields(properties(part)).forEach(e -> merged.set(e.getKey(), e.getValue()));
      }
      return merged;
    }
    return resolved.path("properties").isObject() ? resolved.get("properties") : NODES.objectNode();
  }

  private JsonNode resolve(JsonNode schema) {
    JsonNode current = schema;
    for (int i = 0; i < 10 && current.has("$ref"); i++) {
      String ref = current.get("$ref").asText();
      current = openApi.at(ref.substring(1));
    }
    return current;
  }

  private String randomText(int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append((char) random.nextInt(0x800));
    }
    return text.toString();
  }

  private static List<String> pathParams(String template) {
    List<String> params = new ArrayList<>();
    Matcher matcher = PARAM.matcher(template);
    while (matcher.find()) {
      params.add(matcher.group(1));
    }
    return params;
  }

  private static List<String> queryParams(Operation operation) {
    List<String> names = new ArrayList<>();
    for (JsonNode param : operation.node().path("parameters")) {
      if (param.path("in").asText().equals("query")) {
        names.add(param.path("name").asText());
      }
    }
    return names;
  }

  private String fill(Operation operation, Map<String, String> ids) {
    return fill(operation.template(), ids);
  }

  private String fill(String template, Map<String, String> ids) {
    Matcher matcher = PARAM.matcher(template);
    StringBuilder path = new StringBuilder();
    while (matcher.find()) {
      String value = ids.getOrDefault(matcher.group(1), UUID.randomUUID().toString());
      matcher.appendReplacement(path, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(path);
    return path.toString();
  }

  private static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode node) {
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
    if (node != null) {
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      it.forEachRemaining(entries::add);
    }
    return entries;
  }

  // --- Sending and judging -------------------------------------------------------------------

  private void check(Operation operation, String input, String token, String path, String body) {
    check(operation, input, token, path, body, "application/json");
  }

  private void check(
      Operation operation,
      String input,
      String token,
      String path,
      String body,
      String contentType) {
    checkAs(operation, input, operation.method(), token, path, body, contentType);
  }

  private void checkAs(
      Operation operation,
      String input,
      String method,
      String token,
      String path,
      String body,
      String contentType) {
    String name = operation.toString();
    requestsPerOperation.merge(name, 1, Integer::sum);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + token);
    if (body != null && contentType != null && !contentType.isEmpty()) {
      headers.put("Content-Type", contentType);
    }
    HttpResponse<String> response;
    try {
      response = sendRetryingOnce(method, path, headers, body);
    } catch (Exception e) {
      failures.add(
          new Failure(method + " " + operation.template(), input, -1, "", "no answer: " + e));
      return;
    }
    int status = response.statusCode();
    String type = response.headers().firstValue("Content-Type").orElse("");
    String text = response.body();
    String label = method + " " + operation.template();
    if (status >= 500) {
      failures.add(new Failure(label, input, status, type, excerpt(text)));
    } else if (status >= 400 && !type.startsWith("application/problem+json")) {
      failures.add(new Failure(label, input, status, type, "not a problem: " + excerpt(text)));
    } else if (status < 300 && GUARDED.containsKey(name)) {
      failures.add(new Failure(label, input, status, type, "a guarded operation succeeded"));
    }
    for (String marker : LEAK_MARKERS) {
      if (text.contains(marker)) {
        failures.add(
            new Failure(label, input, status, type, "carries '" + marker + "': " + excerpt(text)));
        break;
      }
    }
    List<String> violations;
    try {
      violations = HttpExchangeValidation.violations(base(), response.request(), response);
    } catch (RuntimeException e) {
      violations = List.of("the validator could not check this answer: " + e);
    }
    if (!violations.isEmpty()) {
      failures.add(
          new Failure(
              label, input, status, type, CONTRACT + excerpt(String.join("; ", violations), 600)));
    }
  }

  /**
   * Sends once more when the first attempt found its pooled connection closed: the server closes
   * the connection after a 413 or 414 (the request is never read), and the client may already have
   * picked that connection for the next request, as any HTTP client may.
   */
  private HttpResponse<String> sendRetryingOnce(
      String method, String path, Map<String, String> headers, String body) throws Exception {
    try {
      return send(method, path, headers, body);
    } catch (java.io.IOException e) {
      retries++;
      return send(method, path, headers, body);
    }
  }

  private HttpResponse<String> send(
      String method, String path, Map<String, String> headers, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base() + path))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private String base() {
    return root.toString().replaceAll("/$", "");
  }

  private static String excerpt(String text) {
    return excerpt(text, 240);
  }

  private static String excerpt(String text, int max) {
    String flat = text.length() > max ? text.substring(0, max) + "…" : text;
    StringBuilder out = new StringBuilder();
    for (char c : flat.toCharArray()) {
      out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : c);
    }
    return out.toString();
  }
}
