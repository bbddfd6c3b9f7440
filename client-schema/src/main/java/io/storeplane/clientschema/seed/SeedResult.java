package io.storeplane.clientschema.seed;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one seeding run inserted.
 *
 * @param insertedByTable rows inserted per seeded table, in seeding order; every seeded table is
 *     listed, with 0 where all its seed rows were already there
 */
public record SeedResult(Map<String, Integer> insertedByTable) {

  public SeedResult {
    insertedByTable = Collections.unmodifiableMap(new LinkedHashMap<>(insertedByTable));
  }

  /** Rows inserted into {@code table} (0 for a table seeding does not touch). */
  public int inserted(String table) {
    return insertedByTable.getOrDefault(table, 0);
  }

  /** Rows inserted in all: 0 on a re-run over an already seeded database. */
  public int total() {
    return insertedByTable.values().stream().mapToInt(Integer::intValue).sum();
  }
}
