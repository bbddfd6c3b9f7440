package io.storeplane.fleet.preflight;

import java.util.List;
import java.util.OptionalLong;

/**
 * A table of the store the migrations lock (alter, write, index, trigger, or reference with a new
 * foreign key), and how big it is: what a migration's lock wait and rewrite depend on.
 *
 * @param table its name
 * @param versions the versions whose migrations lock it
 * @param rowsEstimate the database's estimate of its rows (PostgreSQL {@code reltuples}, or the
 *     statistics' live rows before the first ANALYZE; MySQL {@code TABLE_ROWS}); empty when the
 *     database has none
 * @param bytes its size with indexes (PostgreSQL {@code pg_total_relation_size}; MySQL data and
 *     index length)
 */
public record LockedTable(
    String table, List<Integer> versions, OptionalLong rowsEstimate, long bytes) {

  public LockedTable {
    versions = List.copyOf(versions);
  }
}
