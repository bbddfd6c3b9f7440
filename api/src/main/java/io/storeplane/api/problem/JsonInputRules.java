package io.storeplane.api.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * What a JSON body may not be, checked as it is read: a key given twice in one object (which value
 * wins would be a guess) and a string holding the NUL character (PostgreSQL cannot store it). Both
 * answer 400 {@code malformed-request} naming the field, never echoing the value. Text after the
 * JSON value (a second value or stray characters) is {@code malformed-request} too: Jackson would
 * otherwise read the first value and ignore the rest.
 */
@Singleton
public class JsonInputRules implements ObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
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
        throw InvalidFormatException.from(
            parser, "must not contain the NUL character", "(not shown)", String.class);
      }
      return value;
    }
  }
}
