package io.storeplane.provisioning.connect.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.storeplane.clientschema.manifest.ColumnSpec;
import io.storeplane.clientschema.manifest.TableSpec;
import io.storeplane.error.FieldFailure;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Turns a caller's value (from JSON or a query string, or a Java caller's own object) into the Java
 * type a column of its kind binds as, or refuses it with {@code invalid-data-request} naming the
 * column. Nothing the caller sends reaches a database unconverted.
 */
final class ColumnValues {

  private ColumnValues() {}

  static Object convert(TableSpec table, ColumnSpec column, Object value) {
    if (value == null) {
      return null;
    }
    try {
      return switch (column.kind()) {
        case UUID -> value instanceof UUID uuid ? uuid : UUID.fromString(text(value));
        case STRING, TEXT -> requireText(value);
        case INTEGER -> Math.toIntExact(integral(value));
        case BIGINT -> integral(value);
        case DECIMAL -> decimal(value);
        case BOOLEAN -> bool(value);
        case TIMESTAMP -> instant(value);
        case DATE -> value instanceof LocalDate date ? date : LocalDate.parse(text(value));
        case JSON -> JsonValues.write(value);
        case OTHER -> throw invalid(table, column, "cannot be written through the table API");
      };
    } catch (IllegalArgumentException
        | ArithmeticException
        | DateTimeParseException
        | JsonProcessingException e) {
      throw invalid(table, column, "expects " + expected(column));
    }
  }

  static ProvisioningException invalid(TableSpec table, ColumnSpec column, String message) {
    String detail = "Column %s.%s %s.".formatted(table.name(), column.name(), message);
    return new ProvisioningException(
        ProvisioningError.INVALID_DATA_REQUEST,
        detail,
        detail,
        List.of(new FieldFailure(column.name(), message)),
        null);
  }

  private static String requireText(Object value) {
    if (value instanceof CharSequence text) {
      return text.toString();
    }
    throw new IllegalArgumentException("not text");
  }

  private static String text(Object value) {
    if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean) {
      return value.toString().strip();
    }
    throw new IllegalArgumentException("not a scalar");
  }

  private static long integral(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big) {
      return big.longValueExact();
    }
    return new BigDecimal(text(value)).longValueExact();
  }

  private static BigDecimal decimal(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    return new BigDecimal(text(value));
  }

  private static Boolean bool(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    return switch (text(value).toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("not a boolean");
    };
  }

  private static Instant instant(Object value) {
    if (value instanceof Instant instant) {
      return instant;
    }
    if (value instanceof OffsetDateTime time) {
      return time.toInstant();
    }
    return OffsetDateTime.parse(text(value)).toInstant();
  }

  private static String expected(ColumnSpec column) {
    return switch (column.kind()) {
      case UUID -> "a UUID";
      case STRING, TEXT -> "a string";
      case INTEGER -> "a 32-bit integer";
      case BIGINT -> "a 64-bit integer";
      case DECIMAL -> "a decimal number";
      case BOOLEAN -> "true or false";
      case TIMESTAMP -> "an ISO-8601 instant with offset, e.g. 2026-01-31T12:00:00Z";
      case DATE -> "an ISO-8601 date, e.g. 2026-01-31";
      case JSON -> "a JSON value";
      case OTHER -> "nothing";
    };
  }
}
