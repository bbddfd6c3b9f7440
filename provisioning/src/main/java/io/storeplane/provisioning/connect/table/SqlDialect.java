package io.storeplane.provisioning.connect.table;

import io.storeplane.clientschema.TypeKind;
import io.storeplane.master.server.DatabaseEngine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What differs between the two store dialects when running the table API: identifier quoting, how a
 * JSON parameter is written, and how UUIDs and instants travel (PostgreSQL {@code uuid} and {@code
 * timestamptz}; MySQL {@code CHAR(36)} and a {@code DATETIME} holding UTC).
 */
public enum SqlDialect {
  POSTGRESQL('"'),
  MYSQL('`');

  /** A {@code DATETIME(6)} literal; digits past the microsecond do not fit the column. */
  private static final DateTimeFormatter MYSQL_DATETIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

  /** Manifest names are plain lower-case identifiers; anything else is a manifest bug. */
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final char quote;

  SqlDialect(char quote) {
    this.quote = quote;
  }

  /** The dialect of a store database engine. */
  public static SqlDialect of(DatabaseEngine engine) {
    return engine == DatabaseEngine.POSTGRESQL ? POSTGRESQL : MYSQL;
  }

  /** A quoted identifier; only ever called with names from the client schema manifest. */
  String quote(String identifier) {
    if (!IDENTIFIER.matcher(identifier).matches()) {
      throw new IllegalStateException("Not a manifest identifier: " + identifier);
    }
    return quote + identifier + quote;
  }

  /** The parameter marker for a value of a column of {@code kind}. */
  String placeholder(TypeKind kind) {
    return kind == TypeKind.JSON && this == POSTGRESQL ? "CAST(? AS jsonb)" : "?";
  }

  /**
   * Binds one parameter: UUIDs and instants in this dialect's form, {@code null} as an untyped
   * NULL, anything else as the driver binds it.
   */
  public void bind(PreparedStatement statement, int index, Object value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.NULL);
    } else if (value instanceof UUID uuid && this == MYSQL) {
      statement.setString(index, uuid.toString());
    } else if (value instanceof Instant instant) {
      bindInstant(statement, index, instant);
    } else if (value instanceof OffsetDateTime time) {
      bindInstant(statement, index, time.toInstant());
    } else {
      statement.setObject(index, value);
    }
  }

  /**
   * PostgreSQL gets an {@code OffsetDateTime}. MySQL gets the UTC time as text with microseconds:
   * Connector/J reads MariaDB's version as 5.5.5 and drops the fractional seconds of a {@code
   * LocalDateTime} parameter on servers older than 5.6.4, while the text keeps them on both.
   */
  private void bindInstant(PreparedStatement statement, int index, Instant instant)
      throws SQLException {
    if (this == POSTGRESQL) {
      statement.setObject(index, instant.atOffset(ZoneOffset.UTC));
    } else {
      statement.setString(
          index, MYSQL_DATETIME.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC)));
    }
  }

  /**
   * A prepared statement with its parameters bound in order and the query timeout set; closed again
   * if binding fails.
   */
  public PreparedStatement prepare(
      Connection connection, String sql, List<?> parameters, int queryTimeoutSeconds)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    try {
      statement.setQueryTimeout(queryTimeoutSeconds);
      for (int i = 0; i < parameters.size(); i++) {
        bind(statement, i + 1, parameters.get(i));
      }
      return statement;
    } catch (SQLException e) {
      statement.close();
      throw e;
    }
  }

  /** Reads one column of {@code kind} as the Java type the table API promises. */
  Object read(ResultSet rows, int index, TypeKind kind) throws SQLException {
    Object value =
        switch (kind) {
          case UUID -> readUuid(rows, index);
          case INTEGER -> rows.getInt(index);
          case BIGINT -> rows.getLong(index);
          case DECIMAL -> rows.getBigDecimal(index);
          case BOOLEAN -> rows.getBoolean(index);
          case TIMESTAMP -> readInstant(rows, index);
          case DATE -> rows.getObject(index, LocalDate.class);
          case JSON -> JsonValues.parse(rows.getString(index));
          case STRING, TEXT, OTHER -> rows.getString(index);
        };
    return rows.wasNull() ? null : value;
  }

  private Object readUuid(ResultSet rows, int index) throws SQLException {
    if (this == POSTGRESQL) {
      return rows.getObject(index, UUID.class);
    }
    String text = rows.getString(index);
    return text == null ? null : UUID.fromString(text);
  }

  private Instant readInstant(ResultSet rows, int index) throws SQLException {
    if (this == POSTGRESQL) {
      OffsetDateTime time = rows.getObject(index, OffsetDateTime.class);
      return time == null ? null : time.toInstant();
    }
    LocalDateTime time = rows.getObject(index, LocalDateTime.class);
    return time == null ? null : time.toInstant(ZoneOffset.UTC);
  }
}
