package io.storeplane.api;

import static io.storeplane.api.TestApi.asAdmin;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/** Plans made for a test (SQL on the master) and stores put on them through the API. */
public final class TestPlans {

  private TestPlans() {}

  /**
   * A new offered plan with these limits ({@code null}: unlimited), every one of them in {@code
   * mode} ({@code HARD} or {@code SOFT}) and no API-call limit; its code.
   */
  public static String create(
      DataSource master, String mode, Integer products, Integer orders, Integer storageMb)
      throws SQLException {
    String code =
        "lim-" + mode.toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection connection = master.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO plans (code, name, monthly_price, yearly_price, max_products,"
                    + " max_orders_per_month, max_storage_mb, products_limit, orders_limit,"
                    + " storage_limit, sort_order)"
                    + " VALUES (?, ?, 0, 0, ?, ?, ?, ?, ?, ?, 900)")) {
      insert.setString(1, code);
      insert.setString(2, "Test " + mode);
      setLimit(insert, 3, products);
      setLimit(insert, 4, orders);
      setLimit(insert, 5, storageMb);
      insert.setString(6, mode);
      insert.setString(7, mode);
      insert.setString(8, mode);
      insert.executeUpdate();
    }
    return code;
  }

  /** Registers a store on {@code plan} with this database option; its provisioning job starts. */
  public static JsonPath newStore(String plan, Map<String, Object> database) {
    return asAdmin()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "name",
                "Limited store",
                "slug",
                "lim-" + UUID.randomUUID().toString().substring(0, 8),
                "plan",
                plan,
                "database",
                database))
        .post("/api/v1/stores")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  private static void setLimit(PreparedStatement statement, int index, Integer limit)
      throws SQLException {
    if (limit == null) {
      statement.setNull(index, Types.INTEGER);
    } else {
      statement.setInt(index, limit);
    }
  }
}
