package io.storeplane.clientschema.seed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The default content of a new store: categories, settings, CMS pages, SEO defaults and one
 * inventory location. Every row has a natural key, so seeding inserts only what is missing and
 * never touches a row a merchant has since edited.
 */
final class StoreSeed {

  /** The {@code seo_settings.entity_id} of the store-wide SEO row (the nil UUID). */
  static final UUID STORE_ENTITY_ID = new UUID(0L, 0L);

  private StoreSeed() {}

  static List<SeedRow> rows(SeedValues values) {
    List<SeedRow> rows = new ArrayList<>();
    categories(rows);
    settings(rows, values);
    cmsPages(rows, values);
    seo(rows, values);
    inventoryLocation(rows);
    return rows;
  }

  private static void categories(List<SeedRow> rows) {
    String[][] categories = {
      {"uncategorized", "Uncategorized"},
      {"featured", "Featured"},
      {"new-arrivals", "New arrivals"},
      {"sale", "Sale"}
    };
    for (int i = 0; i < categories.length; i++) {
      rows.add(
          row(
              "categories",
              List.of("slug"),
              "slug",
              categories[i][0],
              "name",
              categories[i][1],
              "sort_order",
              i,
              "is_active",
              true));
    }
  }

  private static void settings(List<SeedRow> rows, SeedValues values) {
    setting(rows, "general", "general.store_name", values.storeName(), "string", "Store name");
    setting(rows, "general", "general.currency", values.currency(), "string", "ISO 4217 code");
    setting(rows, "general", "general.locale", values.locale(), "string", "BCP 47 language tag");
    setting(rows, "general", "general.timezone", values.timezone(), "string", "Time zone id");
    setting(rows, "general", "general.weight_unit", "kg", "string", "kg, g, lb or oz");
    setting(rows, "checkout", "checkout.guest_checkout", "true", "boolean", "Guests may buy");
    setting(rows, "checkout", "checkout.order_number_prefix", "#", "string", "Before numbers");
    setting(rows, "tax", "tax.prices_include_tax", "false", "boolean", "Prices include tax");
    setting(rows, "inventory", "inventory.track_stock", "true", "boolean", "Count stock");
    setting(rows, "inventory", "inventory.allow_backorders", "false", "boolean", "Sell at 0");
  }

  private static void setting(
      List<SeedRow> rows, String group, String key, String value, String type, String description) {
    rows.add(
        row(
            "store_settings",
            List.of("setting_key"),
            "setting_key",
            key,
            "setting_group",
            group,
            "setting_value",
            value,
            "value_type",
            type,
            "is_encrypted",
            false,
            "description",
            description));
  }

  private static void cmsPages(List<SeedRow> rows, SeedValues values) {
    String store = escapeHtml(values.storeName());
    page(rows, "home", "Home", "<h1>Welcome to " + store + "</h1>", true);
    page(
        rows,
        "about",
        "About us",
        "<h1>About " + store + "</h1><p>Tell your customers who you are.</p>",
        false);
    page(
        rows,
        "contact",
        "Contact",
        "<h1>Contact " + store + "</h1><p>How customers can reach you.</p>",
        true);
    page(
        rows,
        "privacy",
        "Privacy policy",
        "<h1>Privacy policy</h1><p>How " + store + " handles personal data.</p>",
        false);
  }

  private static void page(
      List<SeedRow> rows, String slug, String title, String content, boolean published) {
    rows.add(
        row(
            "cms_pages",
            List.of("slug"),
            "slug",
            slug,
            "title",
            title,
            "content",
            content,
            "content_format",
            "html",
            "is_published",
            published));
  }

  private static void seo(List<SeedRow> rows, SeedValues values) {
    rows.add(
        row(
            "seo_settings",
            List.of("entity_type", "entity_id"),
            "entity_type",
            "store",
            "entity_id",
            STORE_ENTITY_ID,
            "meta_title",
            values.storeName(),
            "meta_description",
            "Shop online at " + values.storeName() + ".",
            "robots",
            "index,follow"));
  }

  private static void inventoryLocation(List<SeedRow> rows) {
    rows.add(
        row(
            "inventory_locations",
            List.of("code"),
            "code",
            "default",
            "name",
            "Main location",
            "is_default",
            true,
            "is_active",
            true));
  }

  /** A row with a fresh id and the given column/value pairs. */
  private static SeedRow row(String table, List<String> naturalKey, Object... columnsAndValues) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("id", UUID.randomUUID());
    for (int i = 0; i < columnsAndValues.length; i += 2) {
      values.put((String) columnsAndValues[i], columnsAndValues[i + 1]);
    }
    return new SeedRow(table, values, naturalKey);
  }

  static String escapeHtml(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
