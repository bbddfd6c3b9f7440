package io.storeplane.console.store;

import io.quarkus.qute.TemplateData;
import io.storeplane.master.store.Store;
import java.time.Instant;
import java.util.Locale;

/**
 * A store as the console's list shows it: no entity reaches a template.
 *
 * @param id its id
 * @param name its name
 * @param slug its slug
 * @param status active, suspended or deleted
 * @param plan its plan's code
 * @param databaseType e.g. {@code managed-postgresql}; empty without a database
 * @param databaseStatus e.g. {@code ready}
 * @param createdAt when it was registered
 */
@TemplateData
public record StoreRow(
    String id,
    String name,
    String slug,
    String status,
    String plan,
    String databaseType,
    String databaseStatus,
    Instant createdAt) {

  static StoreRow of(Store store) {
    return new StoreRow(
        store.id.toString(),
        store.name,
        store.slug,
        lower(store.status.name()),
        store.planCode,
        store.databaseType == null ? "" : store.databaseType.wireName(),
        lower(store.databaseStatus.name()),
        store.createdAt);
  }

  static String lower(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
