package io.storeplane.fleet.drift;

/**
 * One way in which a store's database differs from what its schema version expects.
 *
 * @param object what differs: {@code table}, {@code column}, {@code primary key}, {@code unique
 *     key}, {@code foreign key}, {@code check} or {@code index}
 * @param table the table concerned
 * @param name the object's name (the table's own name for a table or its primary key)
 * @param change whether it is missing, extra (there but not expected) or different
 * @param expected what the version expects ({@code absent} for an extra object)
 * @param actual what the database has ({@code absent} for a missing object)
 */
public record SchemaDifference(
    String object, String table, String name, Change change, String expected, String actual) {

  /** The marker for "nothing of that name". */
  public static final String ABSENT = "absent";

  /** How an object differs. */
  public enum Change {
    MISSING,
    EXTRA,
    DIFFERENT
  }

  /**
   * Whether a repair may create it: a missing index, the additive drift the version's own migration
   * statement restores without touching anything else. A missing table is not: its definition may
   * be spread over several versions (a later ALTER TABLE), so it is restored by provisioning the
   * store again.
   */
  public boolean additive() {
    return change == Change.MISSING && object.equals("index");
  }

  /** How a repair's confirmation names it: {@code index products.ix_products_status_published}. */
  public String label() {
    return object + " " + table + "." + name;
  }

  @Override
  public String toString() {
    return "%s %s %s.%s: expected %s, found %s"
        .formatted(
            change.name().toLowerCase(java.util.Locale.ROOT),
            object,
            table,
            name,
            expected,
            actual);
  }
}
