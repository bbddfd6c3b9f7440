package io.storeplane.api.connect;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Rows a store data test writes: each new (its unique keys fresh) and changeable. */
public final class StoreRows {

  private StoreRows() {}

  /** A product with a fresh slug. */
  public static Map<String, Object> product() {
    String slug = "p-" + suffix();
    return new HashMap<>(Map.of("title", "Product " + slug, "slug", slug));
  }

  /** A category with a fresh slug. */
  public static Map<String, Object> category() {
    String slug = "c-" + suffix();
    return new HashMap<>(Map.of("name", "Category " + slug, "slug", slug));
  }

  /** An order of 10.00 USD with a fresh order number. */
  public static Map<String, Object> order() {
    return new HashMap<>(
        Map.of(
            "order_number",
            "O-" + suffix(),
            "email",
            "buyer@example.com",
            "currency",
            "USD",
            "subtotal",
            "10.00",
            "grand_total",
            "10.00"));
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
