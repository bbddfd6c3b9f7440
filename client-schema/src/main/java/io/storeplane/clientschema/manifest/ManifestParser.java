package io.storeplane.clientschema.manifest;

import io.storeplane.clientschema.ClientSchemaError;
import io.storeplane.clientschema.ClientSchemaException;
import io.storeplane.clientschema.TypeKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Parses the manifest text form; see {@link Manifest#parse(String, String)}. */
final class ManifestParser {

  private static final Map<String, ConstraintSpec.Kind> CONSTRAINT_KINDS =
      Map.of(
          "primary", ConstraintSpec.Kind.PRIMARY,
          "unique", ConstraintSpec.Kind.UNIQUE,
          "foreign", ConstraintSpec.Kind.FOREIGN,
          "check", ConstraintSpec.Kind.CHECK);

  private final String source;
  private final List<TableSpec> tables = new ArrayList<>();
  private final Set<String> tableNames = new HashSet<>();
  private Integer version;
  private String table;
  private List<ColumnSpec> columns;
  private Set<String> columnNames;
  private List<ConstraintSpec> constraints;
  private final Set<String> constraintNames = new HashSet<>();
  private final List<ArrivalLine> arrivalLines = new ArrayList<>();

  /** An {@code arrives} line, checked once every table is known. */
  private record ArrivalLine(int number, String line, String[] words) {}

  private ManifestParser(String source) {
    this.source = source;
  }

  static Manifest parse(String source, String text) {
    ManifestParser parser = new ManifestParser(source);
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      parser.line(i + 1, lines[i]);
    }
    return parser.finish();
  }

  private void line(int number, String raw) {
    int comment = raw.indexOf('#');
    String line = (comment >= 0 ? raw.substring(0, comment) : raw).strip();
    if (line.isEmpty()) {
      return;
    }
    String[] words = line.split("\\s+");
    if (words[0].equals("version")) {
      if (version != null || words.length != 2 || !words[1].matches("[1-9][0-9]*")) {
        throw invalid(number, "expected one 'version N' line, got '" + line + "'");
      }
      version = Integer.parseInt(words[1]);
    } else if (words[0].equals("arrives")) {
      arrivalLines.add(new ArrivalLine(number, line, words));
    } else if (words[0].equals("table")) {
      if (words.length != 2) {
        throw invalid(number, "expected 'table NAME', got '" + line + "'");
      }
      endTable(number);
      if (!tableNames.add(words[1])) {
        throw invalid(number, "table " + words[1] + " is listed twice");
      }
      table = words[1];
      columns = new ArrayList<>();
      columnNames = new HashSet<>();
      constraints = new ArrayList<>();
    } else if (CONSTRAINT_KINDS.containsKey(words[0])) {
      constraint(number, line, words);
    } else {
      column(number, line, words);
    }
  }

  private void constraint(int number, String line, String[] words) {
    ConstraintSpec.Kind kind = CONSTRAINT_KINDS.get(words[0]);
    int expected = kind == ConstraintSpec.Kind.FOREIGN ? 4 : 3;
    if (table == null || words.length != expected) {
      throw invalid(
          number,
          "expected 'primary|unique|check NAME COLUMNS' or 'foreign NAME COLUMNS TABLE' after a"
              + " table's columns, got '"
              + line
              + "'");
    }
    if (!constraintNames.add(words[1])) {
      throw invalid(number, "constraint " + words[1] + " is listed twice");
    }
    List<String> keyColumns = List.of(words[2].split(","));
    for (String column : keyColumns) {
      if (!columnNames.contains(column)) {
        throw invalid(
            number, "constraint " + words[1] + " names no column " + table + "." + column);
      }
    }
    constraints.add(
        new ConstraintSpec(
            table,
            words[1],
            kind,
            keyColumns,
            kind == ConstraintSpec.Kind.FOREIGN ? words[3] : null));
  }

  private void column(int number, String line, String[] words) {
    if (table == null) {
      throw invalid(number, "a column line before any 'table NAME' line: '" + line + "'");
    }
    boolean notNull = words.length == 4 && words[2].equals("NOT") && words[3].equals("NULL");
    boolean nullable = words.length == 3 && words[2].equals("NULL");
    if (!notNull && !nullable) {
      throw invalid(number, "expected 'NAME KIND NULL|NOT NULL', got '" + line + "'");
    }
    TypeKind kind;
    try {
      kind = TypeKind.valueOf(words[1]);
    } catch (IllegalArgumentException e) {
      throw invalid(number, "unknown type kind '" + words[1] + "'");
    }
    if (kind == TypeKind.OTHER) {
      throw invalid(number, "OTHER is not a kind a schema column may have");
    }
    if (!constraints.isEmpty()) {
      throw invalid(number, "a column line after the constraints of " + table + ": '" + line + "'");
    }
    if (!columnNames.add(words[0])) {
      throw invalid(number, "column " + table + "." + words[0] + " is listed twice");
    }
    columns.add(new ColumnSpec(words[0], kind, nullable));
  }

  private void endTable(int number) {
    if (table != null) {
      if (columns.isEmpty()) {
        throw invalid(number, "table " + table + " has no columns");
      }
      tables.add(new TableSpec(table, columns, constraints));
    }
  }

  private Manifest finish() {
    endTable(-1);
    if (version == null) {
      throw invalid(-1, "no 'version N' line");
    }
    if (tables.isEmpty()) {
      throw invalid(-1, "no tables");
    }
    for (TableSpec spec : tables) {
      for (ConstraintSpec constraint : spec.constraints(ConstraintSpec.Kind.FOREIGN)) {
        if (!tableNames.contains(constraint.referencedTable())) {
          throw invalid(
              -1,
              "foreign key %s references no table %s"
                  .formatted(constraint.name(), constraint.referencedTable()));
        }
      }
    }
    Manifest schema = new Manifest(version, tables);
    List<Arrival> arrivals = new ArrayList<>();
    Set<String> labels = new HashSet<>();
    for (ArrivalLine line : arrivalLines) {
      Arrival arrival = arrival(schema, line);
      if (!labels.add(arrival.label())) {
        throw invalid(line.number(), arrival.label() + " arrives twice");
      }
      arrivals.add(arrival);
    }
    return new Manifest(version, tables, arrivals);
  }

  /**
   * {@code arrives not-null TABLE.COLUMN [default | fill COLUMN via FOREIGN_KEY]} or {@code arrives
   * unique CONSTRAINT}, every name checked against this manifest's tables.
   */
  private Arrival arrival(Manifest schema, ArrivalLine arrival) {
    String[] words = arrival.words();
    int number = arrival.number();
    if (words.length == 3 && words[1].equals("unique")) {
      ConstraintSpec key =
          schema
              .constraint(words[2])
              .filter(
                  c ->
                      c.kind() == ConstraintSpec.Kind.UNIQUE
                          || c.kind() == ConstraintSpec.Kind.PRIMARY)
              .orElseThrow(() -> invalid(number, "no unique or primary key " + words[2]));
      return new Arrival(
          Arrival.Kind.UNIQUE,
          key.table(),
          key.columns(),
          Optional.of(key.name()),
          Optional.empty(),
          false);
    }
    boolean plain = words.length == 3;
    boolean defaulted = words.length == 4 && words[3].equals("default");
    boolean filled = words.length == 7 && words[3].equals("fill") && words[5].equals("via");
    if (!words[1].equals("not-null") || !(plain || defaulted || filled)) {
      throw invalid(
          number,
          "expected 'arrives not-null TABLE.COLUMN [default | fill COLUMN via FOREIGN_KEY]' or"
              + " 'arrives unique CONSTRAINT', got '"
              + arrival.line()
              + "'");
    }
    String[] target = words[2].split("\\.", -1);
    TableSpec spec = target.length == 2 ? schema.table(target[0]).orElse(null) : null;
    ColumnSpec column = spec == null ? null : spec.column(target[1]).orElse(null);
    if (column == null || column.nullable()) {
      throw invalid(number, "no NOT NULL column " + words[2]);
    }
    Optional<Arrival.Fill> fill = Optional.empty();
    if (filled) {
      fill = Optional.of(fill(schema, number, spec, words[4], words[6]));
    }
    return new Arrival(
        Arrival.Kind.NOT_NULL,
        spec.name(),
        List.of(column.name()),
        Optional.empty(),
        fill,
        defaulted);
  }

  private Arrival.Fill fill(
      Manifest schema, int number, TableSpec spec, String column, String foreignKey) {
    ConstraintSpec key =
        spec.constraints(ConstraintSpec.Kind.FOREIGN).stream()
            .filter(c -> c.name().equals(foreignKey) && c.columns().size() == 1)
            .findFirst()
            .orElseThrow(
                () ->
                    invalid(
                        number,
                        "no one-column foreign key %s on %s".formatted(foreignKey, spec.name())));
    TableSpec referenced = schema.table(key.referencedTable()).orElseThrow();
    if (referenced.column(column).isEmpty()) {
      throw invalid(number, "no column %s.%s to fill from".formatted(referenced.name(), column));
    }
    List<ConstraintSpec> primary = referenced.constraints(ConstraintSpec.Kind.PRIMARY);
    if (primary.size() != 1 || primary.get(0).columns().size() != 1) {
      throw invalid(number, "table %s has no one-column primary key".formatted(referenced.name()));
    }
    return new Arrival.Fill(
        foreignKey,
        column,
        referenced.name(),
        key.columns().get(0),
        primary.get(0).columns().get(0));
  }

  private ClientSchemaException invalid(int line, String problem) {
    String where = line > 0 ? source + " line " + line : source;
    return new ClientSchemaException(ClientSchemaError.MANIFEST_INVALID, where + ": " + problem);
  }
}
