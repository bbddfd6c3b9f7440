package io.storeplane.api.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * What a JSON body may not be, checked as it is read: a key given twice in one object (which value
 * wins would be a guess) and a string holding the NUL character (PostgreSQL cannot store it). Both
 * answer 400 {@code malformed-request} naming the field, never echoing the value. Text after the
 * JSON value (a second value or stray characters) is {@code malformed-request} too: Jackson would
 * otherwise read the first value and ignore the rest.
 *
 * <p>A value of the wrong JSON type is {@code malformed-request} too, as the OpenAPI document's
 * types say: Jackson would otherwise read {@code 123} into a string field, {@code "5432"} or {@code
 * 1.5} into an integer one, {@code "true"} into a boolean and {@code 0} into an enum.
 */
@Singleton
public class JsonInputRules implements ObjectMapperCustomizer {

  /** Why a string holding the NUL character is refused: the field's message, never its value. */
  static final String NO_NUL = "must not contain the NUL character";

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    for (LogicalType scalar : new LogicalType[] {LogicalType.Integer, LogicalType.Float}) {
      mapper
          .coercionConfigFor(scalar)
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    mapper.registerModule(
        new SimpleModule("storeplane-json-input-rules")
            .addDeserializer(String.class, new NoNulStrings()));
  }

  /** Jackson's string reading, refusing the NUL character. */
  static final class NoNulStrings extends StringDeserializer {

    private static final long serialVersionUID = 1L;

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      String value = super.deserialize(parser, context);
      if (value != null && value.indexOf('\u0000') >= 0) {
        throw InvalidFormatException.from(parser, NO_NUL, "(not shown)", String.class);
      }
      return value;
    }
  }
}
