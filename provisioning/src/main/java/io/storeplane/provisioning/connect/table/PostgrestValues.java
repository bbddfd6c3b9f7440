package io.storeplane.provisioning.connect.table;

import com.fasterxml.jackson.databind.util.RawValue;
import io.storeplane.clientschema.manifest.ColumnSpec;
import io.storeplane.clientschema.manifest.TableSpec;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.connect.table.TableRequests.Assignment;
import io.storeplane.provisioning.supabase.SupabaseException;
import io.storeplane.provisioning.supabase.SupabaseJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Values between the table API's Java types and PostgREST's JSON. Out: a converted value as JSON
 * (UUIDs, instants and dates as ISO-8601 text, JSON columns embedded as the JSON text the caller's
 * value became). In: each manifest column of a JSON row read back as the type the JDBC path returns
 * for it ({@link RowPage}): {@code uuid} text as {@link UUID}, {@code timestamptz} text ({@code
 * 2026-01-31T12:00:00+00:00}) as {@link Instant}, {@code numeric} as {@link BigDecimal} with the
 * scale PostgreSQL wrote, JSON parsed as {@link JsonValues} parses it.
 */
final class PostgrestValues {

  private PostgrestValues() {}

  /** A request body: column name to JSON value, in the order given. */
  static Map<String, Object> body(List<Assignment> values) {
    Map<String, Object> body = new LinkedHashMap<>();
    for (Assignment value : values) {
      body.put(value.column().name(), json(value));
    }
    return body;
  }

  /** Rows as the table API returns them: every manifest column, in manifest order. */
  static List<Map<String, Object>> rows(TableSpec table, List<Map<String, Object>> rows) {
    return rows.stream().map(row -> row(table, row)).toList();
  }

  private static Object json(Assignment assignment) {
    Object value = assignment.value();
    return switch (assignment.column().kind()) {
      case JSON -> value == null ? null : new RawValue((String) value);
      case UUID, TIMESTAMP, DATE -> value == null ? null : value.toString();
      default -> value;
    };
  }

  private static Map<String, Object> row(TableSpec table, Map<String, Object> json) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (ColumnSpec column : table.columns()) {
      Object value = json.get(column.name());
      try {
        row.put(column.name(), value == null ? null : read(column, value));
      } catch (RuntimeException e) {
        throw SupabaseException.of(
            ProvisioningError.SUPABASE_INVALID_RESPONSE,
            "Supabase Data API returned %s.%s as '%s', which is not a %s"
                .formatted(table.name(), column.name(), shorten(value), column.kind()),
            e);
      }
    }
    return row;
  }

  private static Object read(ColumnSpec column, Object value) {
    return switch (column.kind()) {
      case UUID -> UUID.fromString((String) value);
      case STRING, TEXT, OTHER -> value.toString();
      case INTEGER -> Math.toIntExact(((Number) value).longValue());
      case BIGINT -> ((Number) value).longValue();
      case DECIMAL ->
          value instanceof BigDecimal decimal ? decimal : new BigDecimal(value.toString());
      case BOOLEAN -> (Boolean) value;
      case TIMESTAMP -> OffsetDateTime.parse((String) value).toInstant();
      case DATE -> LocalDate.parse((String) value);
      case JSON -> JsonValues.parse(SupabaseJson.write(value));
    };
  }

  private static String shorten(Object value) {
    String text = String.valueOf(value);
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
