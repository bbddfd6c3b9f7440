package io.storeplane.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.storeplane.api.problem.Problem;
import io.storeplane.api.problem.ProblemCatalogue;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Lints the served OpenAPI document, so a lax document cannot pass the response validator ({@link
 * ContractValidation}) by describing too little: every operation named, described, secured and with
 * every error it can answer documented as a problem; no {@code default} response standing in for
 * real ones; no object schema left open where its fields are known. Each rule reports every place
 * that breaks it at once.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractLintTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern OPERATION_ID = Pattern.compile("^[a-z]+[A-Z][A-Za-z]*$");
  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  /**
   * Statuses every operation can answer, whatever it does: a bad query parameter, no or a bad
   * token, a refused role, an Accept it cannot meet, the HTTP layer's limits on the request line
   * and headers, the rate limit, a fault, an unavailable master.
   */
  private static final List<String> EVERY_OPERATION =
      List.of("400", "401", "403", "406", "414", "429", "431", "500", "503");

  @TestHTTPResource("/")
  URL root;

  private JsonNode document;

  @BeforeAll
  void read() throws Exception {
    String base = root.toString().replaceAll("/$", "");
    document = JSON.readTree(ContractValidation.served(base));
  }

  @Test
  void isOpenApi303WithAVersionThatFingerprintsTheDocument() {
    assertThat(document.path("openapi").asText()).isEqualTo("3.0.3");
    assertThat(document.path("info").path("version").asText()).matches("1\\.0\\.0\\+[0-9a-f]{12}");
    assertThat(document.path("info").path("title").asText()).isNotBlank();
  }

  @Test
  void everyOperationHasAStableUniqueIdASummaryADescriptionAndDescribedTags() {
    List<String> problems = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Set<String> describedTags = new HashSet<>();
    document
        .path("tags")
        .forEach(
            tag -> {
              if (tag.path("description").asText().isBlank()) {
                problems.add("tag " + tag.path("name").asText() + " has no description");
              }
              describedTags.add(tag.path("name").asText());
            });
    forEachOperation(
        (name, operation) -> {
          String id = operation.path("operationId").asText();
          if (!OPERATION_ID.matcher(id).matches()) {
            problems.add(name + ": operationId '" + id + "' is not verb + noun in camelCase");
          } else if (!ids.add(id)) {
            problems.add(name + ": operationId " + id + " is used twice");
          }
          if (operation.path("summary").asText().isBlank()) {
            problems.add(name + ": no summary");
          }
          if (operation.path("description").asText().isBlank()) {
            problems.add(name + ": no description");
          }
          if (operation.path("tags").isEmpty()) {
            problems.add(name + ": no tag");
          }
          operation
              .path("tags")
              .forEach(
                  tag -> {
                    if (!describedTags.contains(tag.asText())) {
                      problems.add(name + ": tag " + tag.asText() + " is not described");
                    }
                  });
        });
    assertThat(problems).isEmpty();
  }

  @Test
  void everyApiOperationTakesTheBearerTokenAndNothingElseIsSecured() {
    assertThat(document.at("/components/securitySchemes/bearer/type").asText()).isEqualTo("http");
    assertThat(document.at("/components/securitySchemes/bearer/scheme").asText())
        .isEqualTo("bearer");
    assertThat(document.path("security").isMissingNode() || document.path("security").isEmpty())
        .as("no document-wide security: each operation says its own")
        .isTrue();
    List<String> problems = new ArrayList<>();
    forEachOperation(
        (name, operation) -> {
          boolean secured = operation.path("security").toString().equals("[{\"bearer\":[]}]");
          boolean api = name.split(" ")[1].startsWith("/api/");
          if (api != secured) {
            problems.add(name + ": security " + operation.path("security"));
          }
        });
    assertThat(problems).isEmpty();
  }

  @Test
  void everyOperationDocumentsASuccessAndEveryErrorItCanAnswerAsAProblem() {
    List<String> problems = new ArrayList<>();
    forEachOperation(
        (name, operation) -> {
          JsonNode responses = operation.path("responses");
          if (responses.has("default")) {
            problems.add(name + ": a default response stands in for real ones");
          }
          Set<String> statuses = new TreeSet<>();
          responses.fieldNames().forEachRemaining(statuses::add);
          if (statuses.stream().noneMatch(s -> s.startsWith("2"))) {
            problems.add(name + ": no success response");
          }
          List<String> required = new ArrayList<>(EVERY_OPERATION);
          String path = name.split(" ")[1];
          if (operation.has("requestBody") || !name.startsWith("GET ")) {
            required.addAll(List.of("413", "415")); // the HTTP layer judges any body sent
          }
          if (PATH_PARAMETER.matcher(path).find()) {
            required.addAll(List.of("400", "404"));
          }
          for (String status : required) {
            if (!statuses.contains(status)) {
              problems.add(name + ": " + status + " not documented");
            }
          }
          for (String status : statuses) {
            JsonNode response = resolve(responses.path(status));
            if (response.path("description").asText().isBlank()) {
              problems.add(name + " " + status + ": no description");
            }
            if (status.startsWith("4") || status.startsWith("5")) {
              JsonNode problem = response.path("content").path(Problem.MEDIA_TYPE);
              if (!problem
                      .path("schema")
                      .path("$ref")
                      .asText()
                      .equals("#/components/schemas/Problem")
                  || response.path("content").size() != 1) {
                problems.add(name + " " + status + ": not an application/problem+json Problem");
              }
              if ((status.equals("429") || status.equals("503"))
                  && !response.path("headers").has("Retry-After")) {
                problems.add(name + " " + status + ": no Retry-After header");
              }
            }
            if (status.equals("201") && !response.path("headers").has("Location")) {
              problems.add(name + " 201: no Location header");
            }
            if (status.startsWith("2") && !status.equals("204") && !response.has("content")) {
              problems.add(name + " " + status + ": no body schema");
            }
          }
        });
    assertThat(problems).isEmpty();
  }

  @Test
  void theProblemSchemaListsEveryProblemTypeOfTheCatalogue() {
    JsonNode problem = document.at("/components/schemas/Problem");
    Set<String> types = new TreeSet<>();
    problem.at("/properties/type/enum").forEach(type -> types.add(type.asText()));
    Set<String> catalogue = new TreeSet<>();
    ProblemCatalogue.entries().forEach(entry -> catalogue.add(entry.type()));
    assertThat(types).isEqualTo(catalogue);
    assertThat(problem.path("required").toString())
        .contains("\"type\"", "\"title\"", "\"status\"", "\"code\"");
  }

  @Test
  void noObjectSchemaIsLeftOpenWhereItsFieldsAreKnown() {
    List<String> problems = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> schemas =
        document.path("components").path("schemas").fields();
    while (schemas.hasNext()) {
      var schema = schemas.next();
      openObjects("#/components/schemas/" + schema.getKey(), schema.getValue(), problems);
    }
    forEachOperation(
        (name, operation) -> {
          operation
              .path("parameters")
              .forEach(
                  parameter ->
                      openObjects(
                          name + " parameter " + parameter.path("name").asText(),
                          parameter.path("schema"),
                          problems));
          operation
              .path("requestBody")
              .path("content")
              .fields()
              .forEachRemaining(
                  media ->
                      openObjects(name + " request", media.getValue().path("schema"), problems));
          operation
              .path("responses")
              .fields()
              .forEachRemaining(
                  response ->
                      response
                          .getValue()
                          .path("content")
                          .fields()
                          .forEachRemaining(
                              media ->
                                  openObjects(
                                      name + " " + response.getKey(),
                                      media.getValue().path("schema"),
                                      problems)));
        });
    assertThat(problems).isEmpty();
  }

  /**
   * A parameter or response header must say what it holds (OpenAPI 3.0 requires a {@code schema} or
   * a {@code content}; Redocly's lint in CI fails the document otherwise).
   */
  @Test
  void everyParameterAndResponseHeaderHasASchema() {
    List<String> problems = new ArrayList<>();
    forEachOperation(
        (name, operation) -> {
          operation
              .path("parameters")
              .forEach(
                  parameter -> {
                    JsonNode resolved = resolve(parameter);
                    if (!resolved.has("schema") && !resolved.has("content")) {
                      problems.add(
                          name + " parameter " + resolved.path("name").asText() + ": no schema");
                    }
                  });
          operation
              .path("responses")
              .fields()
              .forEachRemaining(
                  response ->
                      resolve(response.getValue())
                          .path("headers")
                          .fields()
                          .forEachRemaining(
                              header -> {
                                JsonNode resolved = resolve(header.getValue());
                                if (!resolved.has("schema") && !resolved.has("content")) {
                                  problems.add(
                                      name
                                          + " "
                                          + response.getKey()
                                          + " header "
                                          + header.getKey()
                                          + ": no schema");
                                }
                              }));
        });
    assertThat(problems).isEmpty();
  }

  /**
   * An object schema must list its properties, refer to another, or say outright what its extra
   * properties are ({@code additionalProperties}: a free-form map such as a store data row, whose
   * columns come from the store's schema).
   */
  private static void openObjects(String where, JsonNode schema, List<String> problems) {
    if (schema.isMissingNode() || schema.has("$ref")) {
      return;
    }
    boolean object = schema.path("type").asText().equals("object");
    boolean described =
        schema.has("properties")
            || schema.has("additionalProperties")
            || schema.has("allOf")
            || schema.has("oneOf")
            || schema.has("anyOf");
    if (object && !described) {
      problems.add(where + ": an object without properties");
    }
    if (!schema.has("type") && !described) {
      problems.add(where + ": a schema without a type");
    }
    schema
        .path("properties")
        .fields()
        .forEachRemaining(p -> openObjects(where + "." + p.getKey(), p.getValue(), problems));
    openObjects(where + "[]", schema.path("items"), problems);
    if (schema.path("additionalProperties").isObject()) {
      openObjects(where + "{}", schema.path("additionalProperties"), problems);
    }
  }

  private JsonNode resolve(JsonNode node) {
    String ref = node.path("$ref").asText();
    if (ref.isEmpty()) {
      return node;
    }
    return document.at(ref.substring(1));
  }

  private void forEachOperation(OperationCheck check) {
    document
        .path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        method -> {
                          if (METHODS.contains(method.getKey())) {
                            check.accept(
                                method.getKey().toUpperCase(java.util.Locale.ROOT)
                                    + " "
                                    + path.getKey(),
                                method.getValue());
                          }
                        }));
  }

  @FunctionalInterface
  private interface OperationCheck {
    void accept(String name, JsonNode operation);
  }
}
