package io.storeplane.provisioning.supabase;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.storeplane.provisioning.ProvisioningError;
import java.util.List;
import java.util.Map;

/**
 * The JSON mapper of the Supabase clients: decimals as {@link java.math.BigDecimal} with the scale
 * the answer wrote ({@code 59.90} stays {@code 59.90}: money stays exact, and a {@code
 * numeric(12,2)} reads as the JDBC driver reads it), dates as ISO-8601 strings, unknown fields
 * ignored.
 */
public final class SupabaseJson {

  /** The shared mapper; configured once, never changed. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final TypeReference<List<Map<String, Object>>> ROWS = new TypeReference<>() {};

  private SupabaseJson() {}

  /** Serializes {@code value}. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Value cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  /** Parses a successful answer's body; a body that is not JSON is an invalid response. */
  public static JsonNode read(String body, String operation) {
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw SupabaseException.of(
          ProvisioningError.SUPABASE_INVALID_RESPONSE,
          "Supabase " + operation + " answered with a body that is not JSON",
          e);
    }
  }

  /** Parses a JSON array of row objects. */
  public static List<Map<String, Object>> rows(JsonNode array, String operation) {
    if (array == null || !array.isArray()) {
      throw SupabaseException.of(
          ProvisioningError.SUPABASE_INVALID_RESPONSE,
          "Supabase " + operation + " answered with something other than a JSON array of rows",
          null);
    }
    return MAPPER.convertValue(array, ROWS);
  }
}
