package io.storeplane.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A kind of event on the bus: its name (e.g. {@code store.changed}) and the record that carries it,
 * written as JSON. An event names what changed (an id, a key), so it stays small: at most {@link
 * #MAX_PAYLOAD_BYTES} of JSON. Publishers and subscribers of one topic share one constant.
 *
 * @param <T> the event's type, a record that Jackson writes and reads
 * @param name the topic's name: lower-case words separated by dots or dashes, at most 100
 *     characters
 * @param type the event's class
 */
public record Topic<T>(String name, Class<T> type) {

  /**
   * The largest event, in bytes of UTF-8 JSON. PostgreSQL refuses a notification of 8000 bytes or
   * more; the rest is left for the envelope (sequence number, topic, origin).
   */
  public static final int MAX_PAYLOAD_BYTES = 4000;

  private static final Pattern NAME = Pattern.compile("[a-z0-9]+([.-][a-z0-9]+)*");
  private static final int MAX_NAME_LENGTH = 100;
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * @throws BusException {@code bus-invalid-topic} for a name that is not of that form
   */
  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
      throw new BusException(
          BusError.INVALID_TOPIC,
          "Topic name '"
              + name
              + "' must be lower-case words separated by dots or dashes, at most "
              + MAX_NAME_LENGTH
              + " characters.");
    }
  }

  /** The topic {@code name} carrying {@code type}. */
  public static <T> Topic<T> of(String name, Class<T> type) {
    return new Topic<>(name, type);
  }

  /**
   * The event as JSON.
   *
   * @throws BusException {@code bus-payload-too-large} past {@link #MAX_PAYLOAD_BYTES}, {@code
   *     bus-unreadable-event} when Jackson cannot write it
   */
  public String encode(T event) {
    Objects.requireNonNull(event, "event");
    String json;
    try {
      json = JSON.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new BusException(
          BusError.UNREADABLE_EVENT, "An event of topic " + name + " cannot be written as JSON", e);
    }
    int bytes = json.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_PAYLOAD_BYTES) {
      throw new BusException(
          BusError.PAYLOAD_TOO_LARGE,
          "An event of topic "
              + name
              + " is "
              + bytes
              + " bytes of JSON; the bus carries at most "
              + MAX_PAYLOAD_BYTES
              + ".");
    }
    return json;
  }

  /**
   * The event read from its JSON.
   *
   * @throws BusException {@code bus-unreadable-event} when it does not read as {@link #type}
   */
  public T decode(String json) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new BusException(
          BusError.UNREADABLE_EVENT,
          "An event of topic " + name + " does not read as " + type.getSimpleName(),
          e);
    }
  }
}
