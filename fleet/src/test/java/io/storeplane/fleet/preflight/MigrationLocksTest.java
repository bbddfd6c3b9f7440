package io.storeplane.fleet.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.manifest.Arrival;
import io.storeplane.clientschema.version.ClientSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The tables each version's migration locks, read from its SQL, agree in both dialects; the SQL a
 * preflight runs is built from quoted plain identifiers only.
 */
class MigrationLocksTest {

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void eachVersionLocksTheTablesItAltersWritesTriggersOrReferences(Dialect dialect) {
    // V2 adds columns to products and a table referencing products, customers and orders
    assertThat(MigrationLocks.of(dialect, 2))
        .contains("products", "customers", "orders")
        .doesNotContain("categories");
    // V3: the deletion trigger on products (MySQL's trigger too)
    assertThat(MigrationLocks.of(dialect, 3)).contains("products");
    // V4: order_items is back-filled and altered; the new analytics table references products
    assertThat(MigrationLocks.of(dialect, 4))
        .contains("order_items", "products")
        .doesNotContain("orders", "customers");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void theRejectedRowsOfVersionFourAreTheLinesNoVariantCanFill(Dialect dialect) {
    Arrival sku = ClientSchema.manifest(4).arrivals().get(0);
    String q = dialect == Dialect.POSTGRESQL ? "\"" : "`";
    assertThat(StoreQueries.rejected(dialect, sku))
        .isEqualTo(
            ("SELECT COUNT(*) AS n FROM QorderitemsQ t WHERE t.QskuQ IS NULL AND NOT EXISTS"
                    + " (SELECT 1 FROM Qproduct_variantsQ f WHERE f.QidQ = t.Qvariant_idQ AND"
                    + " f.QskuQ IS NOT NULL)")
                .replace("orderitems", "order_items")
                .replace("Q", q));
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void onlyPlainIdentifiersReachTheSql(Dialect dialect) {
    Arrival hostile =
        new Arrival(
            Arrival.Kind.UNIQUE,
            "t; DROP TABLE x",
            List.of("a"),
            Optional.of("uq"),
            Optional.empty(),
            false);
    assertThatThrownBy(() -> StoreQueries.rejected(dialect, hostile))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoreQueries.sizes(dialect, List.of("x') OR ('1")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(StoreQueries.count(List.of(Map.of("n", "12")))).isEqualTo(12);
    assertThat(StoreQueries.count(List.of(Map.of("n", new java.math.BigDecimal("3")))))
        .isEqualTo(3);
  }
}
