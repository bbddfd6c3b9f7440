package io.storeplane.api.supabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.connect.table.Filter;
import io.storeplane.provisioning.connect.table.Order;
import io.storeplane.provisioning.connect.table.RowPage;
import io.storeplane.provisioning.connect.table.StoreTables;
import io.storeplane.provisioning.connect.table.TableQuery;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One fixed sequence of store-data reads and writes through the table API, recorded step by step (a
 * result, or the error code a step failed with), so the transcripts of stores on different backends
 * can be compared value for value. Every row it writes has a fixed id and fixed instants (with
 * microseconds), so nothing in a transcript depends on the backend but its answers; it reads only
 * its own rows ({@code parity-} slugs), never the seed data. Where a step's answer is known it is
 * also asserted here, so the sequence fails on its own, not only by comparison.
 */
final class StoreDataScenario {

  /** One step of the sequence and what it answered. */
  record Step(String name, Object result) {}

  private static final Instant T = Instant.parse("2026-01-31T12:00:00.123456Z");
  private static final UUID PRODUCT = id(100);
  private static final Filter OWN = Filter.like("slug", "parity-%");

  private final StoreTables tables;
  private final List<Step> steps = new ArrayList<>();

  private StoreDataScenario(StoreTables tables) {
    this.tables = tables;
  }

  /** Runs the sequence once on a store at the current client schema; returns the transcript. */
  static List<Step> run(StoreTables tables) {
    StoreDataScenario scenario = new StoreDataScenario(tables);
    scenario.inserts();
    scenario.reads();
    scenario.changes();
    scenario.refusals();
    return List.copyOf(scenario.steps);
  }

  private void inserts() {
    for (int i = 1; i <= 5; i++) {
      Map<String, Object> category = new LinkedHashMap<>();
      category.put("id", id(i).toString());
      category.put("name", "Parity " + i);
      category.put("slug", "parity-" + i);
      category.put("description", i == 2 ? null : "About " + i);
      category.put("sort_order", i * 10);
      category.put("is_active", i != 3);
      category.put("created_at", T.plusSeconds(i).toString());
      category.put("updated_at", T.plusSeconds(i));
      Map<String, Object> stored = tables.insert("categories", category);
      assertThat(stored.get("id")).isEqualTo(id(i));
      assertThat(stored.get("created_at")).isEqualTo(T.plusSeconds(i));
      step("insert category " + i, stored);
    }
    Map<String, Object> child =
        tables.insert(
            "categories",
            Map.of("id", id(6), "name", "Parity 6", "slug", "parity-6", "parent_id", id(1)));
    assertThat(child.get("created_at")).isInstanceOf(Instant.class);
    assertThat(child.get("is_active")).isEqualTo(true);
    assertThat(child.get("sort_order")).isEqualTo(0);
    step("insert with column defaults", withoutDefaultInstants(child));
    step(
        "set instants",
        tables.update(
            "categories",
            List.of(Filter.eq("id", id(6))),
            Map.of("created_at", T.plusSeconds(6), "updated_at", T.plusSeconds(6).toString())));

    Map<String, Object> product = new LinkedHashMap<>();
    product.put("id", PRODUCT);
    product.put("title", "Parity boot");
    product.put("slug", "parity-boot");
    product.put("status", "active");
    product.put("category_id", id(1));
    product.put("published_at", "2026-02-01T09:30:00.5+01:00");
    product.put("created_at", T);
    product.put("updated_at", T);
    Map<String, Object> stored = tables.insert("products", product);
    assertThat(stored.get("published_at")).isEqualTo(Instant.parse("2026-02-01T08:30:00.5Z"));
    step("insert product", stored);

    Map<String, Object> boot42 = variant(201, "PARITY-42", "59.90", 3, true);
    boot42.put("cost_price", new BigDecimal("31.5"));
    boot42.put("options", Map.of("size", 42, "weight", 1.25, "colors", List.of("black", "brown")));
    Map<String, Object> first = tables.insert("product_variants", boot42);
    assertThat((BigDecimal) first.get("price")).isEqualByComparingTo("59.90");
    assertThat(first.get("options"))
        .isEqualTo(Map.of("size", 42, "weight", 1.25, "colors", List.of("black", "brown")));
    step("insert variant with decimals and JSON", first);
    Map<String, Object> boot43 = variant(202, "PARITY-43", new BigDecimal("120.5"), 0, false);
    boot43.put("compare_at_price", "149");
    boot43.put("weight_grams", 900);
    boot43.put("options", Map.of("size", 43, "tags", List.of(), "note", "wide \"fit\""));
    step("insert second variant", tables.insert("product_variants", boot43));
    step(
        "insert into a table without id returns the values given",
        tables.insert(
            "product_categories",
            Map.of("product_id", PRODUCT, "category_id", id(2), "sort_order", 1)));
  }

  private void reads() {
    select("eq", TableQuery.all().where(OWN, Filter.eq("name", "Parity 2")), 1);
    select("ne", TableQuery.all().where(OWN, Filter.ne("sort_order", 30)), 5);
    select("lt", TableQuery.all().where(OWN, Filter.lt("sort_order", 30)), 3);
    select("lte", TableQuery.all().where(OWN, Filter.lte("sort_order", "30")), 4);
    select("gt", TableQuery.all().where(OWN, Filter.gt("sort_order", 30)), 2);
    select("gte", TableQuery.all().where(OWN, Filter.gte("sort_order", 30)), 3);
    select(
        "in",
        TableQuery.all()
            .where(Filter.in("id", List.of(id(1).toString(), id(4), UUID.randomUUID()))),
        2);
    select("is-null", TableQuery.all().where(OWN, Filter.isNull("description")), 2);
    select("is-not-null", TableQuery.all().where(OWN, Filter.isNotNull("parent_id")), 1);
    select("like with _", TableQuery.all().where(Filter.like("slug", "parity-_")), 6);
    select("boolean", TableQuery.all().where(OWN, Filter.eq("is_active", false)), 1);
    select(
        "instant",
        TableQuery.all()
            .where(
                Filter.gte("created_at", T.plusSeconds(3)),
                Filter.lt("updated_at", T.plusSeconds(5).toString()),
                OWN),
        2);
    select(
        "order, page and count",
        TableQuery.all().where(OWN).orderBy(Order.desc("sort_order")).page(2, 1).withCount(),
        2);
    select("default order by id", TableQuery.all().where(OWN).page(3, 0), 3);
    select("offset past the last row", TableQuery.all().where(OWN).page(5, 50).withCount(), 0);
    step("count", tables.count("categories", List.of(OWN)));
    step(
        "variants by product",
        tables.select(
            "product_variants",
            TableQuery.all().where(Filter.eq("product_id", PRODUCT.toString())).withCount()));
    step(
        "decimal filters",
        List.of(
            tables.count("product_variants", List.of(Filter.gt("price", "60"))),
            tables.count("product_variants", List.of(Filter.lte("price", new BigDecimal("59.9")))),
            tables.count("product_variants", List.of(Filter.isNull("compare_at_price")))));
    step("product", tables.select("products", TableQuery.all().where(Filter.eq("id", PRODUCT))));
    step(
        "join table",
        tables.select(
            "product_categories", TableQuery.all().where(Filter.eq("product_id", PRODUCT))));
  }

  private void changes() {
    Map<String, Object> change = new LinkedHashMap<>();
    change.put("name", "Parity 2b");
    change.put("description", "Changed");
    change.put("is_active", false);
    change.put("updated_at", T.plusSeconds(60));
    int updated = tables.update("categories", List.of(Filter.eq("id", id(2))), change);
    assertThat(updated).isOne();
    step("update", updated);
    step(
        "updated row", tables.select("categories", TableQuery.all().where(Filter.eq("id", id(2)))));
    Map<String, Object> reprice = new LinkedHashMap<>();
    reprice.put("price", "61.00");
    reprice.put("options", Map.of("size", 42, "colors", List.of()));
    reprice.put("barcode", null);
    step(
        "update decimal and JSON",
        tables.update("product_variants", List.of(Filter.eq("sku", "PARITY-42")), reprice));
    step(
        "updated variant",
        tables.select("product_variants", TableQuery.all().where(Filter.eq("sku", "PARITY-42"))));
    step(
        "update matching nothing",
        tables.update(
            "categories", List.of(Filter.eq("id", UUID.randomUUID())), Map.of("name", "None")));
    int deleted = tables.delete("categories", List.of(Filter.in("id", List.of(id(5)))));
    assertThat(deleted).isOne();
    step("delete", deleted);
    step("count after delete", tables.count("categories", List.of(OWN)));
    step(
        "delete matching nothing",
        tables.delete("categories", List.of(Filter.eq("slug", "parity-none"))));
  }

  private void refusals() {
    refused(
        "unique",
        "constraint-violation",
        () -> tables.insert("categories", Map.of("name", "Again", "slug", "parity-1")));
    refused(
        "foreign key",
        "constraint-violation",
        () ->
            tables.insert(
                "categories",
                Map.of("name", "Orphan", "slug", "parity-orphan", "parent_id", UUID.randomUUID())));
    refused(
        "not null",
        "constraint-violation",
        () -> tables.insert("categories", Map.of("name", "No slug")));
    refused(
        "check",
        "constraint-violation",
        () ->
            tables.insert(
                "products", Map.of("title", "Bad", "slug", "parity-bad", "status", "bogus")));
    refused(
        "too long for its column",
        "invalid-data-request",
        () -> tables.insert("categories", Map.of("name", "x".repeat(300), "slug", "parity-long")));
    refused(
        "unknown column in a filter",
        "unknown-column",
        () -> tables.count("categories", List.of(Filter.eq("nope", 1))));
    refused(
        "unknown column in an insert",
        "unknown-column",
        () -> tables.insert("categories", Map.of("name", "N", "slug", "parity-n", "nope", 1)));
    refused("unknown table", "unknown-table", () -> tables.select("pg_shadow", TableQuery.all()));
    refused(
        "not a uuid",
        "invalid-data-request",
        () -> tables.count("categories", List.of(Filter.eq("id", "not-a-uuid"))));
    refused(
        "filter on JSON",
        "invalid-data-request",
        () -> tables.count("product_variants", List.of(Filter.eq("options", "{}"))));
    refused(
        "a '*' in a like pattern",
        "invalid-data-request",
        () -> tables.count("categories", List.of(Filter.like("slug", "parity*"))));
    refused(
        "delete without a filter",
        "invalid-data-request",
        () -> tables.delete("categories", List.of()));
    step("nothing refused was written", tables.count("categories", List.of(OWN)));
  }

  private Map<String, Object> variant(
      int number, String sku, Object price, int stock, boolean isDefault) {
    Map<String, Object> variant = new LinkedHashMap<>();
    variant.put("id", id(number));
    variant.put("product_id", PRODUCT.toString());
    variant.put("sku", sku);
    variant.put("title", "Parity boot / " + sku);
    variant.put("price", price);
    variant.put("stock_quantity", stock);
    variant.put("is_default", isDefault);
    variant.put("created_at", T);
    variant.put("updated_at", T);
    return variant;
  }

  private void select(String name, TableQuery query, int rows) {
    RowPage page = tables.select("categories", query);
    assertThat(page.rows()).as(name).hasSize(rows);
    step(name, page);
  }

  private void refused(String name, String code, Supplier<Object> call) {
    ProvisioningException e = catchThrowableOfType(ProvisioningException.class, call::get);
    assertThat(e).as(name).isNotNull();
    assertThat(e.code().code()).as(name + ": " + e.getMessage()).isEqualTo(code);
    // What a client is told (detail and fields) must be the same on every backend.
    step(name, List.of(e.code().code(), e.detail(), e.fields()));
  }

  private void step(String name, Object result) {
    steps.add(new Step(name, result));
  }

  /** The row with its database-made instants replaced by their type: they differ per store. */
  private static Map<String, Object> withoutDefaultInstants(Map<String, Object> row) {
    Map<String, Object> copy = new LinkedHashMap<>(row);
    copy.replaceAll(
        (column, value) ->
            column.endsWith("_at") && value instanceof Instant ? "an instant" : value);
    return copy;
  }

  private static UUID id(int n) {
    return UUID.fromString("00000000-0000-4000-8000-%012d".formatted(n));
  }
}
