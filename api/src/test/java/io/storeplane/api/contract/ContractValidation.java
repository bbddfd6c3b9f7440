package io.storeplane.api.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Checks responses against the OpenAPI document the application serves, so a response any test
 * provokes that the document does not describe (an undocumented status, a field of the wrong type,
 * a null where none is allowed, a field the document does not name) fails that test. Requests are
 * not checked: tests send bad ones on purpose.
 *
 * <p>The document is read once per test JVM from {@code /q/openapi} and made strict for checking:
 * every object schema that lists its properties, wherever it is (a component, a property, an
 * array's items, a map's values, a body written in place in an operation), is closed ({@code
 * additionalProperties: false}), so a field the code sends but the document leaves out is a failure
 * too. Only the parts of an {@code allOf} stay open: each part is checked against the whole object,
 * so closing one would refuse the others' fields. The served document stays open, for clients to
 * tolerate fields added later.
 */
public final class ContractValidation {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static volatile OpenApiValidationFilter filter;
  private static volatile OpenApiInteractionValidator validator;

  private ContractValidation() {}

  /** The RestAssured filter checking every response against the document at {@code baseUri}. */
  public static OpenApiValidationFilter filter(String baseUri) {
    if (filter == null) {
      synchronized (ContractValidation.class) {
        if (filter == null) {
          filter = new OpenApiValidationFilter(validator(baseUri));
        }
      }
    }
    return filter;
  }

  /** The validator itself, for tests that send requests without RestAssured. */
  public static OpenApiInteractionValidator validator(String baseUri) {
    if (validator == null) {
      synchronized (ContractValidation.class) {
        if (validator == null) {
          validator =
              OpenApiInteractionValidator.createForInlineApiSpecification(strict(served(baseUri)))
                  .withLevelResolver(
                      LevelResolver.create()
                          .withLevel("validation.request", ValidationReport.Level.IGNORE)
                          .withLevel("validation.response", ValidationReport.Level.ERROR)
                          .build())
                  .build();
        }
      }
    }
    return validator;
  }

  /** The document as served (JSON). */
  public static String served(String baseUri) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUri + "/q/openapi?format=json"))
            .timeout(Duration.ofSeconds(30))
            .build();
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "GET /q/openapi answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The document with every object schema that lists properties closed to others. */
  static String strict(String document) {
    try {
      JsonNode root = JSON.readTree(document);
      close(root, false);
      return JSON.writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Walks the whole document: an object node with {@code properties} is a schema listing them (no
   * other part of an OpenAPI document has that key).
   */
  private static void close(JsonNode node, boolean partOfAllOf) {
    if (node instanceof ObjectNode object) {
      if (!partOfAllOf
          && object.path("properties").isObject()
          && !object.has("additionalProperties")) {
        object.put("additionalProperties", false);
      }
      object
          .fields()
          .forEachRemaining(
              field -> {
                boolean allOf = field.getKey().equals("allOf");
                if (field.getKey().equals("properties")) {
                  field.getValue().forEach(property -> close(property, false));
                } else if (field.getValue().isArray()) {
                  field.getValue().forEach(item -> close(item, allOf));
                } else {
                  close(field.getValue(), false);
                }
              });
    }
  }
}
