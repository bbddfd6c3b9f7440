package io.storeplane.api.contract;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Writes the scalar types SmallRye turns into components of their own ({@code Instant}, {@code
 * UUID}: a string with a format) in place, as {@code type: string, format: date-time}: a reader
 * needs no reference to know the field is a string, and a generated client maps the format to its
 * own date and UUID types. SmallRye otherwise writes a described field as {@code allOf: [$ref]}
 * beside its description.
 *
 * <p>A nullable {@code Instant} or {@code UUID} field names its type in place on its annotation
 * ({@code implementation = String.class, format = "date-time"}): left to SmallRye, a nullable
 * reference becomes an {@code anyOf} with a null-only schema, which OpenAPI 3.0 readers (the
 * response validator among them) do not all take as nullable.
 */
final class ScalarSchemas {

  /** The components written in place: scalars with a format and nothing a reader names. */
  private static final Set<String> INLINED = Set.of("Instant", "UUID");

  private static final String PREFIX = "#/components/schemas/";

  private ScalarSchemas() {}

  static void inline(OpenAPI openApi) {
    if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
      return;
    }
    Map<String, Schema> components = openApi.getComponents().getSchemas();
    Map<String, Schema> scalars = new HashMap<>();
    INLINED.forEach(
        name -> {
          Schema schema = components.get(name);
          if (schema != null && schema.getProperties() == null) {
            scalars.put(PREFIX + name, schema);
          }
        });
    if (scalars.isEmpty()) {
      return;
    }
    Map<Schema, Boolean> seen = new IdentityHashMap<>();
    Consumer<Schema> visit = schema -> walk(schema, scalars, seen);
    components.forEach(
        (name, schema) -> {
          if (!scalars.containsKey(PREFIX + name)) {
            visit.accept(schema);
          }
        });
    if (openApi.getPaths() != null && openApi.getPaths().getPathItems() != null) {
      openApi
          .getPaths()
          .getPathItems()
          .values()
          .forEach(
              item -> {
                if (item.getParameters() != null) {
                  item.getParameters().forEach(p -> visit.accept(p.getSchema()));
                }
                item.getOperations().values().forEach(operation -> operation(operation, visit));
              });
    }
    scalars
        .keySet()
        .forEach(ref -> openApi.getComponents().removeSchema(ref.substring(PREFIX.length())));
  }

  private static void operation(Operation operation, Consumer<Schema> visit) {
    if (operation.getParameters() != null) {
      operation.getParameters().forEach(p -> visit.accept(p.getSchema()));
    }
    if (operation.getRequestBody() != null) {
      content(operation.getRequestBody().getContent(), visit);
    }
    if (operation.getResponses() != null && operation.getResponses().getAPIResponses() != null) {
      operation
          .getResponses()
          .getAPIResponses()
          .values()
          .forEach(
              response -> {
                content(response.getContent(), visit);
                if (response.getHeaders() != null) {
                  response.getHeaders().values().forEach(h -> visit.accept(h.getSchema()));
                }
              });
    }
  }

  private static void content(Content content, Consumer<Schema> visit) {
    if (content != null && content.getMediaTypes() != null) {
      content.getMediaTypes().values().forEach(media -> visit.accept(media.getSchema()));
    }
  }

  private static void walk(Schema schema, Map<String, Schema> scalars, Map<Schema, Boolean> seen) {
    if (schema == null || seen.put(schema, Boolean.TRUE) != null) {
      return;
    }
    Schema scalar = scalars.get(schema.getRef());
    if (scalar != null) {
      schema.setRef(null);
      copy(scalar, schema);
    }
    List<Schema> allOf = schema.getAllOf();
    if (allOf != null && allOf.size() == 1 && scalars.containsKey(allOf.get(0).getRef())) {
      schema.setAllOf(null);
      copy(scalars.get(allOf.get(0).getRef()), schema);
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(p -> walk(p, scalars, seen));
    }
    walk(schema.getItems(), scalars, seen);
    walk(schema.getAdditionalPropertiesSchema(), scalars, seen);
    walk(schema.getNot(), scalars, seen);
    for (List<Schema> each : new ArrayList<>(listsOf(schema))) {
      each.forEach(s -> walk(s, scalars, seen));
    }
  }

  private static List<List<Schema>> listsOf(Schema schema) {
    List<List<Schema>> lists = new ArrayList<>();
    if (schema.getAllOf() != null) {
      lists.add(schema.getAllOf());
    }
    if (schema.getOneOf() != null) {
      lists.add(schema.getOneOf());
    }
    if (schema.getAnyOf() != null) {
      lists.add(schema.getAnyOf());
    }
    return lists;
  }

  /** The scalar's type, format and pattern, keeping what the place says itself (null, example). */
  private static void copy(Schema scalar, Schema target) {
    List<Schema.SchemaType> types = new ArrayList<>();
    if (target.getType() != null) {
      types.addAll(target.getType());
    }
    for (Schema.SchemaType type : scalar.getType()) {
      if (!types.contains(type)) {
        types.add(0, type);
      }
    }
    target.setType(types);
    if (target.getFormat() == null) {
      target.setFormat(scalar.getFormat());
    }
    if (target.getPattern() == null) {
      target.setPattern(scalar.getPattern());
    }
  }
}
