package io.storeplane.api.usage;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Usage rows as CSV (RFC 4180): a header row, then one record per row, CRLF after each, fields
 * holding a comma, a double quote, CR or LF quoted with their double quotes doubled, a null field
 * empty. The columns are {@link UsageRowResponse}'s fields, in its order.
 */
final class UsageCsv {

  static final String MEDIA_TYPE = "text/csv";

  static final List<String> HEADER =
      List.of(
          "storeId",
          "slug",
          "plan",
          "periodStart",
          "periodEnd",
          "apiCalls",
          "clientErrors",
          "serverErrors",
          "orders",
          "revenue",
          "products",
          "productsCreated",
          "productsUpdated",
          "productsDeleted",
          "storageBytes",
          "storageMb",
          "bandwidthMb",
          "rolledUpAt");

  private UsageCsv() {}

  static String write(List<UsageRowResponse> rows) {
    StringBuilder csv = new StringBuilder(128 * (rows.size() + 1));
    record(csv, HEADER.stream());
    for (UsageRowResponse row : rows) {
      record(
          csv,
          Stream.of(
              row.storeId(),
              row.slug(),
              row.plan(),
              row.periodStart(),
              row.periodEnd(),
              row.apiCalls(),
              row.clientErrors(),
              row.serverErrors(),
              row.orders(),
              row.revenue() == null ? null : row.revenue().toPlainString(),
              row.products(),
              row.productsCreated(),
              row.productsUpdated(),
              row.productsDeleted(),
              row.storageBytes(),
              row.storageMb(),
              row.bandwidthMb(),
              row.rolledUpAt()));
    }
    return csv.toString();
  }

  private static void record(StringBuilder csv, Stream<?> fields) {
    csv.append(fields.map(UsageCsv::field).collect(Collectors.joining(","))).append("\r\n");
  }

  /** One field, quoted when RFC 4180 asks for it. */
  static String field(Object value) {
    String text = Objects.toString(value, "");
    if (text.indexOf(',') < 0
        && text.indexOf('"') < 0
        && text.indexOf('\r') < 0
        && text.indexOf('\n') < 0) {
      return text;
    }
    return '"' + text.replace("\"", "\"\"") + '"';
  }
}
