package io.storeplane.provisioning.connect.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON column values: written as JSON text, read back as maps, lists and scalars. */
final class JsonValues {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonValues() {}

  static String write(Object value) throws JsonProcessingException {
    return JSON.writeValueAsString(value);
  }

  static Object parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return JSON.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      return text;
    }
  }
}
