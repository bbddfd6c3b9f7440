package io.storeplane.clientschema.manifest;

import io.storeplane.clientschema.ClientSchemaError;
import io.storeplane.clientschema.ClientSchemaException;
import io.storeplane.clientschema.TypeKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
    return new Manifest(version, tables);
  }

  private ClientSchemaException invalid(int line, String problem) {
    String where = line > 0 ? source + " line " + line : source;
    return new ClientSchemaException(ClientSchemaError.MANIFEST_INVALID, where + ": " + problem);
  }
}
