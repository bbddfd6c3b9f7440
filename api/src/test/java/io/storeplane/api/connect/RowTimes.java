package io.storeplane.api.connect;

import static io.storeplane.api.TestApi.as;
import static io.storeplane.api.TestApi.asAdmin;
import static io.storeplane.api.connect.StoreRows.order;
import static io.storeplane.api.connect.StoreRows.product;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.storeplane.api.TestCallers;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A row's {@code created_at} and {@code updated_at} through the store data API on any store: the
 * database sets them, a body that names either on insert or update is refused with 400 {@code
 * invalid-data-request} naming the column, and an update stamps {@code updated_at}.
 */
public final class RowTimes {

  private static final String BACKDATED = "2020-01-01T00:00:00Z";

  private RowTimes() {}

  /** Runs the whole check on {@code store}, whose plan must let an order and a product through. */
  public static void check(String store) {
    String token = TestCallers.tokenForStore(store);
    Instant before = Instant.now();
    Map<String, Object> backdated = order();
    backdated.put("created_at", BACKDATED);
    backdated.put("updated_at", BACKDATED);
    refused(insert(token, store, "orders", backdated), "created_at", "updated_at");
    Map<String, Object> product = product();
    product.put("updated_at", BACKDATED);
    refused(
        asAdmin()
            .contentType(ContentType.JSON)
            .body(product)
            .post(data(store, "products"))
            .then()
            .extract()
            .response(),
        "updated_at");

    Response created = insert(token, store, "orders", order());
    assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
    String id = created.jsonPath().getString("id");
    Instant createdAt = Instant.parse(created.jsonPath().getString("created_at"));
    assertThat(createdAt).as("the database's time of the insert").isAfter(before.minusSeconds(60));
    for (String column : List.of("created_at", "updated_at")) {
      refused(update(token, store, id, Map.of(column, BACKDATED)), column);
    }

    Response changed = update(token, store, id, Map.of("notes", "gift wrap"));
    assertThat(changed.statusCode()).as(changed.asString()).isEqualTo(200);
    assertThat(changed.jsonPath().getString("notes")).isEqualTo("gift wrap");
    assertThat(Instant.parse(changed.jsonPath().getString("created_at"))).isEqualTo(createdAt);
    assertThat(Instant.parse(changed.jsonPath().getString("updated_at")))
        .as("an update stamps updated_at (the database and the application share a clock here)")
        .isAfterOrEqualTo(createdAt);
  }

  /** A 400 {@code invalid-data-request} whose {@code errors} name exactly {@code columns}. */
  public static void refused(Response refused, String... columns) {
    assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.jsonPath().getString("code")).isEqualTo("invalid-data-request");
    assertThat(refused.jsonPath().getList("errors.field", String.class)).containsExactly(columns);
    assertThat(refused.jsonPath().getString("detail")).contains("set by the store's database");
  }

  private static Response insert(
      String token, String store, String table, Map<String, Object> row) {
    return as(token)
        .contentType(ContentType.JSON)
        .body(row)
        .post(data(store, table))
        .then()
        .extract()
        .response();
  }

  private static Response update(
      String token, String store, String id, Map<String, Object> changes) {
    return as(token)
        .contentType(ContentType.JSON)
        .body(changes)
        .patch(data(store, "orders") + "/" + id)
        .then()
        .extract()
        .response();
  }

  private static String data(String store, String table) {
    return "/api/v1/stores/" + store + "/data/" + table;
  }
}
