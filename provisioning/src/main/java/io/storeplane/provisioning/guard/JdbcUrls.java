package io.storeplane.provisioning.guard;

import io.storeplane.master.server.DatabaseEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JDBC URL helpers: a redacted form for logs, and the host/port endpoints a URL points at. */
public final class JdbcUrls {

  private static final String MASK = "***";

  /**
   * A parameter whose name contains "password" ({@code password}, {@code sslpassword}, {@code
   * trustStorePassword}, ...), in {@code ?a=b&c=d}, {@code ;a=b} or {@code (a=b)} syntax.
   */
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)([?&;(,][^=&;?#()]*password[^=&;?#()]*=)[^&;#()]*");

  private JdbcUrls() {}

  /** Where a JDBC URL points. */
  public record Endpoint(String host, int port) {}

  /**
   * {@code url} with every password parameter's value and the password of {@code user:password@}
   * user info replaced by {@code ***}, for logs and messages. Null stays null.
   *
   * <pre>
   * jdbc:postgresql://db:5432/shop?user=app&amp;password=s3cret  → ...?user=app&amp;password=***
   * jdbc:mysql://app:s3cret@db:3306/shop                       → jdbc:mysql://app:***@db:3306/shop
   * </pre>
   */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    String redacted = redactUserInfo(url);
    Matcher matcher = PASSWORD_PARAMETER.matcher(redacted);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(1) + MASK));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /**
   * The engine a JDBC URL is for: {@code jdbc:postgresql:} (PostgreSQL and Supabase, through
   * pgjdbc) or {@code jdbc:mysql:} (MySQL 8 and MariaDB, through Connector/J).
   *
   * @throws IllegalArgumentException for any other driver (including {@code jdbc:mariadb:}, whose
   *     driver the guard does not cover)
   */
  public static DatabaseEngine engineOf(String url) {
    String lower = url == null ? "" : url.strip().toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:postgresql:")) {
      return DatabaseEngine.POSTGRESQL;
    }
    if (lower.startsWith("jdbc:mysql:")) {
      return DatabaseEngine.MYSQL;
    }
    throw new IllegalArgumentException(
        "Only jdbc:postgresql: and jdbc:mysql: URLs are supported, not " + redact(url));
  }

  /**
   * The hosts and ports of a {@code jdbc:postgresql:} or {@code jdbc:mysql:} URL, several for
   * multi-host URLs; a missing host is {@code localhost}, a missing port the engine's default.
   *
   * @throws IllegalArgumentException for other URLs or Connector/J's {@code address=(...)} form
   */
  public static List<Endpoint> endpoints(String url) {
    DatabaseEngine engine = engineOf(url);
    int defaultPort = engine == DatabaseEngine.POSTGRESQL ? 5432 : 3306;
    String rest = url.strip().substring(url.strip().indexOf(':', 5) + 1);
    if (!rest.startsWith("//")) {
      return List.of(new Endpoint("localhost", defaultPort));
    }
    String authority = rest.substring(2);
    int end = indexOfAny(authority, "/?#");
    authority = end < 0 ? authority : authority.substring(0, end);
    authority = authority.substring(authority.lastIndexOf('@') + 1);
    List<Endpoint> endpoints = new ArrayList<>();
    for (String hostPort : authority.split(",", -1)) {
      endpoints.add(endpoint(hostPort.strip(), defaultPort, url));
    }
    return List.copyOf(endpoints);
  }

  private static Endpoint endpoint(String hostPort, int defaultPort, String url) {
    if (hostPort.toLowerCase(Locale.ROOT).startsWith("address=") || hostPort.startsWith("(")) {
      throw new IllegalArgumentException("Unsupported JDBC URL form: " + redact(url));
    }
    String host = hostPort;
    String port = "";
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("Unbalanced '[' in JDBC URL: " + redact(url));
      }
      host = hostPort.substring(1, close);
      String after = hostPort.substring(close + 1);
      port = after.startsWith(":") ? after.substring(1) : after;
    } else if (hostPort.indexOf(':') >= 0) {
      host = hostPort.substring(0, hostPort.lastIndexOf(':'));
      port = hostPort.substring(hostPort.lastIndexOf(':') + 1);
    }
    if (host.isEmpty()) {
      host = "localhost";
    }
    try {
      return new Endpoint(host, port.isEmpty() ? defaultPort : Integer.parseInt(port));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid port in JDBC URL: " + redact(url));
    }
  }

  /** Masks the password in {@code //user:password@host}; the last '@' ends the user info. */
  private static String redactUserInfo(String url) {
    int start = url.indexOf("//");
    if (start < 0) {
      return url;
    }
    int authorityStart = start + 2;
    int authorityEnd = indexOfAny(url.substring(authorityStart), "?#");
    String authority =
        authorityEnd < 0
            ? url.substring(authorityStart)
            : url.substring(authorityStart, authorityStart + authorityEnd);
    int at = authority.lastIndexOf('@');
    if (at < 0) {
      return url;
    }
    int colon = authority.indexOf(':');
    if (colon < 0 || colon > at) {
      return url;
    }
    return url.substring(0, authorityStart + colon + 1) + MASK + url.substring(authorityStart + at);
  }

  private static int indexOfAny(String text, String characters) {
    for (int i = 0; i < text.length(); i++) {
      if (characters.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
