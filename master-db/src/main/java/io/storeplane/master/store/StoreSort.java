package io.storeplane.master.store;

import io.quarkus.panache.common.Sort;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * An order for the store list: one of a fixed set of fields, so no client text reaches the query.
 *
 * @param field the field
 * @param descending whether the order is descending
 */
public record StoreSort(Field field, boolean descending) {

  /** The fields a store list can be sorted by. */
  public enum Field {
    NAME("name"),
    SLUG("slug"),
    CREATED_AT("createdAt"),
    UPDATED_AT("updatedAt");

    private final String property;

    Field(String property) {
      this.property = property;
    }

    /** The name clients use: the entity property name, e.g. {@code createdAt}. */
    public String property() {
      return property;
    }

    public static Optional<Field> fromProperty(String property) {
      return Arrays.stream(values()).filter(f -> f.property.equals(property)).findFirst();
    }
  }

  /** Newest first. */
  public static final StoreSort DEFAULT = new StoreSort(Field.CREATED_AT, true);

  /**
   * Parses {@code field} or {@code field,asc|desc}.
   *
   * @return empty when the text names no known field or direction
   */
  public static Optional<StoreSort> parse(String text) {
    String[] parts = text.split(",", -1);
    if (parts.length > 2) {
      return Optional.empty();
    }
    Optional<Field> field = Field.fromProperty(parts[0].trim());
    String direction = parts.length == 2 ? parts[1].trim().toLowerCase(Locale.ROOT) : "asc";
    if (field.isEmpty() || !(direction.equals("asc") || direction.equals("desc"))) {
      return Optional.empty();
    }
    return Optional.of(new StoreSort(field.get(), direction.equals("desc")));
  }

  Sort toPanacheSort() {
    Sort sort =
        Sort.by(field.property, descending ? Sort.Direction.Descending : Sort.Direction.Ascending);
    return sort.and("id");
  }
}
