package io.storeplane.testing.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgREST subset at {@code /<ref>/rest/v1/<table>}: GET/HEAD with {@code select}, filters
 * ({@code eq neq gt gte lt lte like ilike in is}, {@code not.} negation), {@code order}, {@code
 * limit}/{@code offset} or {@code Range}, {@code Prefer: count=exact} and the {@code max_rows} cap;
 * POST (insert, upsert with {@code resolution=merge-duplicates|ignore-duplicates} and {@code
 * on_conflict}), PATCH and DELETE with {@code Prefer: return=representation}. Requests run as the
 * key's role ({@code service_role} or {@code anon}) so grants and RLS apply as on Supabase. Errors
 * are {@code {code, details, hint, message}} with PostgREST's status mapping.
 */
final class PostgrestRoutes {

  private static final Pattern PATH = Pattern.compile("/([a-z]{20})/rest/v1/([^/]*)");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern RANGE = Pattern.compile("(\\d+)-(\\d*)");
  private static final Set<String> RESERVED =
      Set.of("select", "order", "limit", "offset", "columns", "on_conflict", "apikey");

  private final SupabaseDouble supabase;

  PostgrestRoutes(SupabaseDouble supabase) {
    this.supabase = supabase;
  }

  /** A failure answered as a PostgREST error body. */
  private static final class PgrstError extends Exception {
    final int status;
    final String code;
    final String details;
    final String hint;

    PgrstError(int status, String code, String message, String details, String hint) {
      super(message);
      this.status = status;
      this.code = code;
      this.details = details;
      this.hint = hint;
    }
  }

  void handle(HttpCall call) throws IOException {
    Matcher m = PATH.matcher(call.path());
    if (!m.matches()) {
      call.message(404, "no Route matched with those values");
      return;
    }
    String ref = m.group(1);
    Optional<String> apikey = call.header("apikey").or(() -> call.queryValue("apikey"));
    if (apikey.isEmpty()) {
      call.json(
          401,
          Map.of(
              "message",
              "No API key found in request",
              "hint",
              "No `apikey` request header or url param was found."));
      return;
    }
    Optional<Map.Entry<DoubleProject, String>> owner = supabase.keyOwner(ref, apikey.get());
    if (owner.isEmpty()) {
      call.json(
          401,
          Map.of(
              "message",
              "Invalid API key",
              "hint",
              "Double check your Supabase `anon` or `service_role` API key."));
      return;
    }
    DoubleProject project = owner.get().getKey();
    try {
      String role = role(call, project, apikey.get(), owner.get().getValue());
      checkProfile(call);
      String table = m.group(2);
      if (!IDENTIFIER.matcher(table).matches() || project.consumeStaleSchemaCache()) {
        throw tableNotFound(table);
      }
      try (Connection connection = project.database().connect()) {
        connection.setAutoCommit(false);
        try {
          if (!tableExists(connection, table)) {
            throw tableNotFound(table);
          }
          try (Statement s = connection.createStatement()) {
            s.execute("SET LOCAL ROLE " + role);
          }
          call.hold();
          switch (call.method()) {
            case "GET", "HEAD" -> read(call, connection, project, table);
            case "POST" -> insert(call, connection, table);
            case "PATCH" -> update(call, connection, table);
            case "DELETE" -> delete(call, connection, table);
            default -> throw new PgrstError(405, "PGRST117", "Unsupported HTTP method", null, null);
          }
          connection.commit();
          call.release();
        } catch (SQLException e) {
          call.drop();
          connection.rollback();
          throw sqlError(e, role);
        } catch (PgrstError e) {
          call.drop();
          connection.rollback();
          throw e;
        } finally {
          call.drop();
        }
      } catch (SQLException e) {
        throw new PgrstError(503, "PGRST000", "Database connection error", e.getMessage(), null);
      }
    } catch (PgrstError e) {
      call.postgrestError(e.status, e.code, e.getMessage(), e.details, e.hint);
    }
  }

  private static String role(HttpCall call, DoubleProject project, String apikey, String keyRole)
      throws PgrstError {
    Optional<String> authorization = call.header("Authorization");
    if (apikey.startsWith("sb_")) {
      if (authorization.isPresent() && !authorization.get().equals("Bearer " + apikey)) {
        throw new PgrstError(401, "PGRST301", "Invalid JWT", null, null);
      }
      return keyRole;
    }
    if (authorization.isEmpty()) {
      return "anon";
    }
    String bearer = authorization.get().replaceFirst("^Bearer ", "");
    String role = project.keys().roleOf(bearer);
    if (role == null || bearer.startsWith("sb_")) {
      throw new PgrstError(401, "PGRST301", "JWSError JWSInvalidSignature", null, null);
    }
    return role;
  }

  private static void checkProfile(HttpCall call) throws PgrstError {
    String header =
        call.method().equals("GET") || call.method().equals("HEAD")
            ? "Accept-Profile"
            : "Content-Profile";
    Optional<String> profile = call.header(header);
    if (profile.isPresent() && !profile.get().equals("public")) {
      throw new PgrstError(
          406,
          "PGRST106",
          "Invalid schema: " + profile.get(),
          null,
          "Only the following schemas are exposed: public, graphql_public");
    }
  }

  private static PgrstError tableNotFound(String table) {
    return new PgrstError(
        404,
        "PGRST205",
        "Could not find the table 'public." + table + "' in the schema cache",
        null,
        null);
  }

  private static boolean tableExists(Connection connection, String table) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND c.relname = ?"
                + " AND c.relkind IN ('r', 'v', 'm', 'p', 'f')")) {
      s.setString(1, table);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  private void read(HttpCall call, Connection connection, DoubleProject project, String table)
      throws SQLException, PgrstError, IOException {
    Map<String, String> prefer = prefer(call);
    List<Object> params = new ArrayList<>();
    String where = where(call, params);
    String columns = selectList(call.queryValue("select").orElse("*"));
    long offset = 0;
    Long limit = null;
    Optional<String> range = call.header("Range");
    if (range.isPresent()) {
      Matcher r = RANGE.matcher(range.get().trim());
      if (!r.matches()) {
        throw new PgrstError(416, "PGRST103", "Requested range not satisfiable", null, null);
      }
      offset = Long.parseLong(r.group(1));
      if (!r.group(2).isEmpty()) {
        limit = Long.parseLong(r.group(2)) - offset + 1;
      }
    }
    if (call.queryValue("offset").isPresent()) {
      offset = parseNumber(call.queryValue("offset").get(), "offset");
    }
    if (call.queryValue("limit").isPresent()) {
      limit = parseNumber(call.queryValue("limit").get(), "limit");
    }
    long effectiveLimit = Math.min(limit == null ? Long.MAX_VALUE : limit, project.maxRows());
    Long total = null;
    if ("exact".equals(prefer.get("count"))) {
      try (PreparedStatement s =
          connection.prepareStatement(
              "SELECT count(*) FROM public.\"" + table + "\" AS x" + where)) {
        bind(s, params);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
      }
      if (offset > 0 && offset >= total) {
        call.setHeader("Content-Range", "*/" + total);
        throw new PgrstError(
            416,
            "PGRST103",
            "Requested range not satisfiable",
            "An offset of " + offset + " was requested, but there are only " + total + " rows.",
            null);
      }
    }
    String sql =
        "SELECT row_to_json(t)::text FROM (SELECT "
            + columns
            + " FROM public.\""
            + table
            + "\" AS x"
            + where
            + orderBy(call)
            + " LIMIT "
            + effectiveLimit
            + " OFFSET "
            + offset
            + ") t";
    List<String> rows = rows(connection, sql, params);
    String totalText = total == null ? "*" : total.toString();
    call.setHeader(
        "Content-Range",
        rows.isEmpty()
            ? "*/" + totalText
            : offset + "-" + (offset + rows.size() - 1) + "/" + totalText);
    int status = total != null && rows.size() < total ? 206 : 200;
    if (call.header("Accept").orElse("").contains("application/vnd.pgrst.object+json")) {
      if (rows.size() != 1) {
        throw new PgrstError(
            406,
            "PGRST116",
            "JSON object requested, multiple (or no) rows returned",
            "The result contains " + rows.size() + " rows",
            null);
      }
      call.rawJson(200, rows.get(0));
      return;
    }
    call.rawJson(status, "[" + String.join(",", rows) + "]");
  }

  private void insert(HttpCall call, Connection connection, String table)
      throws SQLException, PgrstError, IOException {
    Map<String, String> prefer = prefer(call);
    JsonNode body = body(call);
    if (body.isObject()) {
      body = HttpCall.JSON.createArrayNode().add(body);
    }
    if (!body.isArray()) {
      throw new PgrstError(400, "PGRST102", "Empty or invalid json", null, null);
    }
    Set<String> columns = new LinkedHashSet<>();
    if (call.queryValue("columns").isPresent()) {
      for (String c : call.queryValue("columns").get().split(",")) {
        columns.add(identifier(c.trim().replace("\"", "")));
      }
    } else {
      for (JsonNode row : body) {
        if (!row.isObject()) {
          throw new PgrstError(400, "PGRST102", "All object keys must match", null, null);
        }
        row.fieldNames().forEachRemaining(f -> columns.add(f));
      }
      for (String c : columns) {
        identifier(c);
      }
    }
    if (columns.isEmpty()) {
      call.setHeader("Content-Range", "*/*");
      call.rawJson(201, "[]");
      return;
    }
    String list = quoted(columns);
    StringBuilder sql =
        new StringBuilder("INSERT INTO public.\"")
            .append(table)
            .append("\" AS x (")
            .append(list)
            .append(") SELECT ")
            .append(list)
            .append(" FROM json_populate_recordset(null::public.\"")
            .append(table)
            .append("\", ?::json)");
    String resolution = prefer.get("resolution");
    if (resolution != null) {
      List<String> target =
          call.queryValue("on_conflict").isPresent()
              ? List.of(call.queryValue("on_conflict").get().split(","))
              : primaryKey(connection, table);
      List<String> conflict = new ArrayList<>();
      for (String c : target) {
        conflict.add(identifier(c.trim()));
      }
      sql.append(" ON CONFLICT (").append(quoted(conflict)).append(")");
      if (resolution.equals("ignore-duplicates")) {
        sql.append(" DO NOTHING");
      } else {
        List<String> sets = new ArrayList<>();
        for (String c : columns) {
          sets.add("\"" + c + "\" = EXCLUDED.\"" + c + "\"");
        }
        sql.append(" DO UPDATE SET ").append(String.join(", ", sets));
      }
    }
    sql.append(" RETURNING row_to_json(x.*)::text");
    List<String> rows = rows(connection, sql.toString(), List.of(body.toString()));
    call.setHeader("Content-Range", "*/*");
    if ("representation".equals(prefer.get("return"))) {
      call.rawJson(201, "[" + String.join(",", rows) + "]");
    } else {
      call.empty(201);
    }
  }

  private void update(HttpCall call, Connection connection, String table)
      throws SQLException, PgrstError, IOException {
    JsonNode body = body(call);
    if (!body.isObject()) {
      throw new PgrstError(400, "PGRST102", "Empty or invalid json", null, null);
    }
    List<String> columns = new ArrayList<>();
    body.fieldNames().forEachRemaining(columns::add);
    for (String c : columns) {
      identifier(c);
    }
    List<Object> params = new ArrayList<>();
    params.add(body.toString());
    String where = where(call, params);
    if (columns.isEmpty()) {
      call.empty(204);
      return;
    }
    String list = quoted(columns);
    String sql =
        "UPDATE public.\""
            + table
            + "\" AS x SET ("
            + list
            + ") = (SELECT "
            + list
            + " FROM json_populate_record(null::public.\""
            + table
            + "\", ?::json))"
            + where
            + " RETURNING row_to_json(x.*)::text";
    writeAnswer(call, rows(connection, sql, params));
  }

  private void delete(HttpCall call, Connection connection, String table)
      throws SQLException, PgrstError, IOException {
    List<Object> params = new ArrayList<>();
    String where = where(call, params);
    String sql =
        "DELETE FROM public.\"" + table + "\" AS x" + where + " RETURNING row_to_json(x.*)::text";
    writeAnswer(call, rows(connection, sql, params));
  }

  private void writeAnswer(HttpCall call, List<String> rows) throws IOException {
    Map<String, String> prefer = prefer(call);
    if ("exact".equals(prefer.get("count"))) {
      call.setHeader("Content-Range", "*/" + rows.size());
    } else {
      call.setHeader("Content-Range", "*/*");
    }
    if ("representation".equals(prefer.get("return"))) {
      call.rawJson(200, "[" + String.join(",", rows) + "]");
    } else {
      call.empty(204);
    }
  }

  private static JsonNode body(HttpCall call) throws PgrstError {
    try {
      JsonNode node = call.jsonBody();
      if (node == null || node.isMissingNode()) {
        throw new PgrstError(400, "PGRST102", "Empty or invalid json", null, null);
      }
      return node;
    } catch (IOException e) {
      throw new PgrstError(400, "PGRST102", "Empty or invalid json", null, null);
    }
  }

  private static Map<String, String> prefer(HttpCall call) {
    Map<String, String> out = new HashMap<>();
    for (String header : call.header("Prefer").orElse("").split(",")) {
      String[] kv = header.trim().split("=", 2);
      if (kv.length == 2) {
        out.put(kv[0].trim(), kv[1].trim());
      }
    }
    return out;
  }

  private static String selectList(String select) throws PgrstError {
    List<String> out = new ArrayList<>();
    for (String item : select.split(",")) {
      String c = item.trim();
      if (c.equals("*")) {
        out.add("x.*");
      } else {
        out.add("x.\"" + identifier(c) + "\"");
      }
    }
    return String.join(", ", out);
  }

  private static String orderBy(HttpCall call) throws PgrstError {
    Optional<String> order = call.queryValue("order");
    if (order.isEmpty() || order.get().isBlank()) {
      return "";
    }
    List<String> terms = new ArrayList<>();
    for (String term : order.get().split(",")) {
      String[] parts = term.trim().split("\\.");
      StringBuilder t = new StringBuilder("x.\"").append(identifier(parts[0])).append('"');
      for (int i = 1; i < parts.length; i++) {
        switch (parts[i]) {
          case "asc" -> t.append(" ASC");
          case "desc" -> t.append(" DESC");
          case "nullsfirst" -> t.append(" NULLS FIRST");
          case "nullslast" -> t.append(" NULLS LAST");
          default ->
              throw new PgrstError(
                  400, "PGRST100", "\"failed to parse order (" + term + ")\"", null, null);
        }
      }
      terms.add(t.toString());
    }
    return " ORDER BY " + String.join(", ", terms);
  }

  private static String where(HttpCall call, List<Object> params) throws PgrstError {
    List<String> conditions = new ArrayList<>();
    for (Map.Entry<String, String> e : call.query()) {
      if (RESERVED.contains(e.getKey())) {
        continue;
      }
      if (e.getKey().equals("or") || e.getKey().equals("and")) {
        throw new PgrstError(
            400, "PGRST100", "The Supabase double does not implement or/and filters", null, null);
      }
      conditions.add(condition(identifier(e.getKey()), e.getValue(), params));
    }
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  private static String condition(String column, String expression, List<Object> params)
      throws PgrstError {
    boolean negate = expression.startsWith("not.");
    String rest = negate ? expression.substring(4) : expression;
    int dot = rest.indexOf('.');
    if (dot < 0) {
      throw parseError(column, expression);
    }
    String op = rest.substring(0, dot);
    String value = rest.substring(dot + 1);
    String col = "x.\"" + column + "\"";
    String sql =
        switch (op) {
          case "eq", "neq", "gt", "gte", "lt", "lte" -> {
            params.add(value);
            yield col + " " + comparison(op) + " ?";
          }
          case "like", "ilike" -> {
            params.add(value.replace('*', '%'));
            yield col + "::text " + (op.equals("like") ? "LIKE" : "ILIKE") + " ?";
          }
          case "in" -> {
            List<String> values = listValues(column, value, expression);
            if (values.isEmpty()) {
              yield "false";
            }
            params.addAll(values);
            yield col + " IN (" + String.join(", ", values.stream().map(v -> "?").toList()) + ")";
          }
          case "is" ->
              switch (value) {
                case "null" -> col + " IS NULL";
                case "not_null" -> col + " IS NOT NULL";
                case "true" -> col + " IS TRUE";
                case "false" -> col + " IS FALSE";
                case "unknown" -> col + " IS UNKNOWN";
                default -> throw parseError(column, expression);
              };
          default -> throw parseError(column, expression);
        };
    return negate ? "NOT (" + sql + ")" : sql;
  }

  private static String comparison(String op) {
    return switch (op) {
      case "eq" -> "=";
      case "neq" -> "<>";
      case "gt" -> ">";
      case "gte" -> ">=";
      case "lt" -> "<";
      default -> "<=";
    };
  }

  /** Parses {@code (a,"b,c","d\"e")}: values may be double-quoted, with backslash escapes. */
  private static List<String> listValues(String column, String value, String expression)
      throws PgrstError {
    if (!value.startsWith("(") || !value.endsWith(")")) {
      throw parseError(column, expression);
    }
    String inner = value.substring(1, value.length() - 1);
    List<String> out = new ArrayList<>();
    if (inner.isEmpty()) {
      return out;
    }
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < inner.length()) {
          current.append(inner.charAt(++i));
        } else if (c == '"') {
          quoted = false;
        } else {
          current.append(c);
        }
      } else if (c == '"' && current.isEmpty() && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',') {
        out.add(current.toString());
        current.setLength(0);
        wasQuoted = false;
      } else {
        current.append(c);
      }
    }
    if (quoted) {
      throw parseError(column, expression);
    }
    out.add(current.toString());
    return out;
  }

  private static PgrstError parseError(String column, String expression) {
    return new PgrstError(
        400,
        "PGRST100",
        "\"failed to parse filter (" + expression + ")\" (line 1, column 1)",
        "unexpected filter on column " + column,
        null);
  }

  private static String identifier(String name) throws PgrstError {
    if (!IDENTIFIER.matcher(name).matches()) {
      throw new PgrstError(
          400, "PGRST100", "\"failed to parse identifier (" + name + ")\"", null, null);
    }
    return name;
  }

  private static String quoted(Iterable<String> columns) {
    List<String> out = new ArrayList<>();
    for (String c : columns) {
      out.add("\"" + c + "\"");
    }
    return String.join(", ", out);
  }

  private static List<String> primaryKey(Connection connection, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT a.attname FROM pg_index i"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
                + " WHERE i.indrelid = ('public.\"' || ? || '\"')::regclass AND i.indisprimary"
                + " ORDER BY array_position(i.indkey, a.attnum)")) {
      s.setString(1, table);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  private static long parseNumber(String text, String name) throws PgrstError {
    try {
      long n = Long.parseLong(text);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new PgrstError(
          400, "PGRST100", "\"failed to parse " + name + " (" + text + ")\"", null, null);
    }
  }

  private static List<String> rows(Connection connection, String sql, List<Object> params)
      throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      bind(s, params);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  private static void bind(PreparedStatement s, List<Object> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      s.setObject(i + 1, params.get(i), Types.OTHER);
    }
  }

  /** PostgreSQL errors with PostgREST's SQLSTATE → HTTP status table. */
  private static PgrstError sqlError(SQLException e, String role) {
    String state = e.getSQLState() == null ? "XX000" : e.getSQLState();
    int status =
        switch (state) {
          case "23505", "23503" -> 409;
          case "42P01", "42883" -> 404;
          case "42501" -> role.equals("anon") ? 401 : 403;
          case "25006" -> 405;
          default -> {
            if (state.startsWith("08") || state.startsWith("53")) {
              yield 503;
            }
            if (state.startsWith("57")) {
              yield 500;
            }
            yield 400;
          }
        };
    String message = e.getMessage();
    String details = null;
    String hint = null;
    if (e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null) {
      message = p.getServerErrorMessage().getMessage();
      details = p.getServerErrorMessage().getDetail();
      hint = p.getServerErrorMessage().getHint();
    }
    return new PgrstError(status, state, message, details, hint);
  }
}
