package io.storeplane.clientschema.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.storeplane.clientschema.version.ClientSchema;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every version's {@code arrives} lines are exactly the NOT NULL columns and unique or primary keys
 * that reach a table existing at the version before (a column made NOT NULL or added NOT NULL, a
 * key added): what the preflight counts before a migration can only be trusted if no version
 * forgets to declare one.
 */
class ArrivalsTest {

  static IntStream laterVersions() {
    return IntStream.rangeClosed(2, ClientSchema.currentVersion());
  }

  @ParameterizedTest(name = "version {0}")
  @MethodSource("laterVersions")
  void everyRuleReachingAnExistingTableIsDeclared(int version) {
    Manifest before = ClientSchema.manifest(version - 1);
    Manifest after = ClientSchema.manifest(version);

    TreeSet<String> arriving = new TreeSet<>();
    for (TableSpec table : after.tables()) {
      Optional<TableSpec> old = before.table(table.name());
      if (old.isEmpty()) {
        continue; // a new table is empty: nothing of it can be rejected
      }
      for (ColumnSpec column : table.columns()) {
        boolean wasNullable =
            old.get().column(column.name()).map(ColumnSpec::nullable).orElse(true);
        if (!column.nullable() && wasNullable) {
          arriving.add("not-null " + table.name() + "." + column.name());
        }
      }
      for (ConstraintSpec key : table.constraints()) {
        boolean unique =
            key.kind() == ConstraintSpec.Kind.UNIQUE || key.kind() == ConstraintSpec.Kind.PRIMARY;
        if (unique && before.constraint(key.name()).isEmpty()) {
          arriving.add("unique " + key.name());
        }
      }
    }

    TreeSet<String> declared = new TreeSet<>();
    after.arrivals().forEach(a -> declared.add(a.label()));
    assertThat(declared).as("the arrives lines of v%d.manifest", version).isEqualTo(arriving);
  }

  @ParameterizedTest(name = "version {0}")
  @MethodSource("laterVersions")
  void aFillComesFromAKeyOfTheTableBefore(int version) {
    Manifest before = ClientSchema.manifest(version - 1);
    for (Arrival arrival : ClientSchema.manifest(version).arrivals()) {
      arrival
          .fill()
          .ifPresent(
              fill ->
                  assertThat(
                          before
                              .table(fill.referencedTable())
                              .flatMap(t -> t.column(fill.column())))
                      .as("%s fills from a column that exists before it", arrival.label())
                      .isPresent());
    }
  }
}
