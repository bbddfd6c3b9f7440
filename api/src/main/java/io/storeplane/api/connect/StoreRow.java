package io.storeplane.api.connect;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The OpenAPI schema of one row of a store table, for the document only: rows travel as {@code
 * Map<String, Object>}, since their columns come from the store's client schema, not from a Java
 * type.
 */
@Schema(
    name = "StoreRow",
    type = SchemaType.OBJECT,
    additionalProperties = Schema.True.class,
    description =
        "One row of a store table: its columns, as the store's schema names them, to their values."
            + " UUIDs, text, timestamps (ISO 8601, UTC) and dates are strings; integers, decimals"
            + " and booleans are JSON numbers and booleans; JSON columns are their JSON value; a"
            + " column without a value is null. A table with an `id` column has a UUID there."
            + " `created_at` and `updated_at` are set by the store's database: answered, never"
            + " accepted in a request body.",
    example =
        "{\"id\": \"6b0f4c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b\", \"title\": \"Trail boots\","
            + " \"slug\": \"trail-boots\", \"status\": \"active\", \"brand\": \"Acme\","
            + " \"is_taxable\": true, \"requires_shipping\": true, \"review_count\": 0,"
            + " \"created_at\": \"2026-12-04T21:38:13.120Z\","
            + " \"updated_at\": \"2026-12-04T21:38:13.120Z\"}")
final class StoreRow {

  private StoreRow() {}
}
