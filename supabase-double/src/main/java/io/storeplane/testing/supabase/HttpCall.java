package io.storeplane.testing.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One request to the double, with helpers to read it and to answer it. */
final class HttpCall {

  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpExchange exchange;
  private final List<Map.Entry<String, String>> query;
  private byte[] body;

  /** An answer kept back by {@link #hold()}. */
  private record Held(int status, byte[] bytes, String contentType) {}

  private boolean holding;
  private Held held;

  HttpCall(HttpExchange exchange) {
    this.exchange = exchange;
    this.query = parseQuery(exchange.getRequestURI().getRawQuery());
  }

  String method() {
    return exchange.getRequestMethod();
  }

  String path() {
    return exchange.getRequestURI().getRawPath();
  }

  /** Query parameters in order, percent-decoded, repeated names kept. */
  List<Map.Entry<String, String>> query() {
    return query;
  }

  List<String> queryValues(String name) {
    return query.stream().filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue).toList();
  }

  Optional<String> queryValue(String name) {
    return queryValues(name).stream().findFirst();
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
  }

  String body() throws IOException {
    if (body == null) {
      body = exchange.getRequestBody().readAllBytes();
    }
    return new String(body, StandardCharsets.UTF_8);
  }

  JsonNode jsonBody() throws IOException {
    return JSON.readTree(body());
  }

  void setHeader(String name, String value) {
    exchange.getResponseHeaders().set(name, value);
  }

  /**
   * Keeps the next answer back until {@link #release()}: a PostgREST write answers only once its
   * transaction has committed, so a client that reads right after the answer sees the change.
   */
  void hold() {
    holding = true;
  }

  /** Sends the answer held back, if any; later answers go out at once. */
  void release() throws IOException {
    holding = false;
    Held answer = held;
    held = null;
    if (answer != null) {
      write(answer.status(), answer.bytes(), answer.contentType());
    }
  }

  /** Forgets the answer held back (its transaction rolled back); later answers go out at once. */
  void drop() {
    holding = false;
    held = null;
  }

  void json(int status, Object body) throws IOException {
    send(status, JSON.writeValueAsBytes(body), "application/json; charset=utf-8");
  }

  void rawJson(int status, String json) throws IOException {
    send(status, json.getBytes(StandardCharsets.UTF_8), "application/json; charset=utf-8");
  }

  void empty(int status) throws IOException {
    send(status, null, null);
  }

  /** A Management API error: {@code {"message": ...}}. */
  void message(int status, String message) throws IOException {
    ObjectNode node = JSON.createObjectNode();
    node.put("message", message);
    json(status, node);
  }

  /** A PostgREST error: {@code {"code","details","hint","message"}}. */
  void postgrestError(int status, String code, String message, String details, String hint)
      throws IOException {
    ObjectNode node = JSON.createObjectNode();
    node.put("code", code);
    node.put("details", details);
    node.put("hint", hint);
    node.put("message", message);
    json(status, node);
  }

  private void send(int status, byte[] bytes, String contentType) throws IOException {
    if (holding) {
      held = new Held(status, bytes, contentType);
      return;
    }
    write(status, bytes, contentType);
  }

  /** An answer written with a null body is headers only. */
  private void write(int status, byte[] bytes, String contentType) throws IOException {
    if (bytes == null) {
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", contentType);
    if (method().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static List<Map.Entry<String, String>> parseQuery(String raw) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      out.add(new SimpleEntry<>(decode(key), decode(value)));
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
