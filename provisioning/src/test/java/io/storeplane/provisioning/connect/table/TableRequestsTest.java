package io.storeplane.provisioning.connect.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the table API lets callers write: every table of the schema but its own records. */
class TableRequestsTest {

  private final TableRequests requests = new TableRequests(ClientSchema.manifest(), 500);
  private final List<Filter> byProduct = List.of(Filter.eq("product_id", UUID.randomUUID()));

  @Test
  void theRecordOfDeletedProductsCanBeReadButNotWritten() {
    assertThat(requests.read("product_deletions", TableQuery.all()).table().name())
        .isEqualTo("product_deletions");
    for (Runnable write :
        List.<Runnable>of(
            () ->
                requests.insert(
                    "product_deletions", Map.of("product_id", UUID.randomUUID().toString())),
            () -> requests.update("product_deletions", byProduct, Map.of("deleted_at", "x")),
            () -> requests.delete("product_deletions", byProduct))) {
      assertThatThrownBy(write::run)
          .isInstanceOfSatisfying(
              ProvisioningException.class,
              e -> assertThat(e.code()).isEqualTo(ProvisioningError.INVALID_DATA_REQUEST))
          .hasMessageContaining("written by the store schema itself");
    }
  }

  @Test
  void otherTablesStayWritable() {
    assertThat(requests.insert("products", Map.of("title", "A", "slug", "a")).table().name())
        .isEqualTo("products");
  }
}
