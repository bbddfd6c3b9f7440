package io.storeplane.provisioning.connect;

import io.storeplane.clientschema.manifest.ColumnSpec;
import io.storeplane.clientschema.manifest.ConstraintSpec;
import io.storeplane.clientschema.manifest.Manifest;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.error.FieldFailure;
import io.storeplane.provisioning.ProvisioningError;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The one place where a store database's refusal of a write (a constraint, a value that does not
 * fit) becomes what an API client is told, the same on PostgreSQL, MySQL/MariaDB and a Supabase
 * project's Data API: which rule was broken, and which fields it is about, named as the store data
 * API names them (the client schema's columns). A broken constraint is found by its name in the
 * client schema manifest ({@link ConstraintSpec}), never shown by it; no value, constraint, table
 * of the database, SQLSTATE or driver text reaches the detail. {@link SqlFailures} and {@link
 * RestFailures} ask it; the driver's text stays in their message, for logs.
 */
final class DataRefusals {

  /** What the database refused, independent of the engine. */
  enum Rule {
    NOT_NULL,
    UNIQUE,
    MISSING_REFERENCE,
    STILL_REFERENCED,
    CHECK,
    OTHER_CONSTRAINT,
    TOO_LONG,
    OUT_OF_RANGE,
    BAD_FORMAT
  }

  /**
   * A refusal as a client sees it.
   *
   * @param code {@code constraint-violation} or {@code invalid-data-request}
   * @param detail the problem's detail
   * @param fields the fields it is about
   */
  record Refusal(ProvisioningError code, String detail, List<FieldFailure> fields) {}

  /** MySQL/MariaDB error codes by rule (their SQLSTATE alone does not tell the rules apart). */
  private static final Map<Integer, Rule> MYSQL_RULES =
      Map.ofEntries(
          Map.entry(1048, Rule.NOT_NULL),
          Map.entry(1364, Rule.NOT_NULL),
          Map.entry(1062, Rule.UNIQUE),
          Map.entry(1586, Rule.UNIQUE),
          Map.entry(1216, Rule.MISSING_REFERENCE),
          Map.entry(1452, Rule.MISSING_REFERENCE),
          Map.entry(1217, Rule.STILL_REFERENCED),
          Map.entry(1451, Rule.STILL_REFERENCED),
          Map.entry(3819, Rule.CHECK),
          Map.entry(4025, Rule.CHECK),
          Map.entry(1406, Rule.TOO_LONG),
          Map.entry(1264, Rule.OUT_OF_RANGE),
          Map.entry(1366, Rule.BAD_FORMAT),
          Map.entry(1292, Rule.BAD_FORMAT));

  /** PostgreSQL's quoted names: {@code constraint "uq_x"}, {@code column "slug"}. */
  private static final Pattern PG_CONSTRAINT = Pattern.compile("constraint \"([^\"]+)\"");

  private static final Pattern PG_COLUMN = Pattern.compile("column \"([^\"]+)\"");

  /** MySQL: {@code for key 'products.uq_products_slug'} (8.0) or {@code 'uq_products_slug'}. */
  private static final Pattern MYSQL_KEY = Pattern.compile("for key '([^']+)'$");

  /** MySQL foreign keys and MariaDB checks: {@code CONSTRAINT `fk_x`}. */
  private static final Pattern MYSQL_CONSTRAINT = Pattern.compile("CONSTRAINT `([^`]+)`");

  /** MySQL 8 checks: {@code Check constraint 'ck_x' is violated}. */
  private static final Pattern MYSQL_CHECK = Pattern.compile("^Check constraint '([^']+)'");

  /** MySQL NOT NULL: {@code Column 'slug' cannot be null}, {@code Field 'slug' doesn't have...}. */
  private static final Pattern MYSQL_COLUMN = Pattern.compile("^(?:Column|Field) '([^']+)'");

  /** Every column name of the client schema: the only names a detail may carry. */
  private static final Set<String> SCHEMA_COLUMNS =
      ClientSchema.manifest().tables().stream()
          .flatMap(t -> t.columns().stream().map(ColumnSpec::name))
          .collect(Collectors.toUnmodifiableSet());

  private DataRefusals() {}

  /** The refusal a JDBC failure reports, if it is one (PostgreSQL or MySQL/MariaDB). */
  static Optional<Refusal> of(SQLException e) {
    if (e instanceof PSQLException postgres && postgres.getServerErrorMessage() != null) {
      ServerErrorMessage server = postgres.getServerErrorMessage();
      return postgres(
          state(e),
          server.getMessage(),
          Optional.ofNullable(server.getConstraint()),
          Optional.ofNullable(server.getColumn()));
    }
    if (e.getErrorCode() != 0) {
      return mysql(e.getErrorCode(), state(e), e.getMessage());
    }
    return postgres(state(e), e.getMessage(), Optional.empty(), Optional.empty());
  }

  /**
   * The refusal a PostgreSQL message reports (a Supabase project's Data API quotes PostgreSQL's
   * message and SQLSTATE), if it is one.
   */
  static Optional<Refusal> ofPostgres(String sqlState, String message) {
    return postgres(sqlState == null ? "" : sqlState, message, Optional.empty(), Optional.empty());
  }

  private static Optional<Refusal> postgres(
      String state, String message, Optional<String> constraint, Optional<String> column) {
    Rule rule;
    if (state.equals("23502")) {
      rule = Rule.NOT_NULL;
    } else if (state.equals("23505")) {
      rule = Rule.UNIQUE;
    } else if (state.equals("23503")) {
      rule =
          message != null && message.contains("update or delete on table")
              ? Rule.STILL_REFERENCED
              : Rule.MISSING_REFERENCE;
    } else if (state.equals("23514")) {
      rule = Rule.CHECK;
    } else if (state.startsWith("23")) {
      rule = Rule.OTHER_CONSTRAINT;
    } else if (state.equals("22001")) {
      rule = Rule.TOO_LONG;
    } else if (state.equals("22003")) {
      rule = Rule.OUT_OF_RANGE;
    } else if (state.startsWith("22")) {
      rule = Rule.BAD_FORMAT;
    } else {
      return Optional.empty();
    }
    Optional<ConstraintSpec> named =
        rule == Rule.NOT_NULL
            ? Optional.empty()
            : constraint.or(() -> first(PG_CONSTRAINT, message)).flatMap(DataRefusals::named);
    return Optional.of(refusal(rule, named, column.or(() -> first(PG_COLUMN, message))));
  }

  private static Optional<Refusal> mysql(int vendorCode, String state, String message) {
    Rule rule = MYSQL_RULES.get(vendorCode);
    if (rule == null) {
      if (state.startsWith("23")) {
        rule = Rule.OTHER_CONSTRAINT;
      } else if (state.startsWith("22")) {
        rule = Rule.BAD_FORMAT;
      } else {
        return Optional.empty();
      }
    }
    Optional<ConstraintSpec> constraint =
        switch (rule) {
          case UNIQUE -> first(MYSQL_KEY, message).flatMap(DataRefusals::mysqlKey);
          case MISSING_REFERENCE, STILL_REFERENCED ->
              first(MYSQL_CONSTRAINT, message).flatMap(DataRefusals::named);
          case CHECK ->
              first(MYSQL_CHECK, message)
                  .or(() -> first(MYSQL_CONSTRAINT, message))
                  .flatMap(DataRefusals::named);
          default -> Optional.empty();
        };
    return Optional.of(refusal(rule, constraint, first(MYSQL_COLUMN, message)));
  }

  /** A MySQL key name: {@code uq_x}, {@code products.uq_x}, or a table's {@code PRIMARY}. */
  private static Optional<ConstraintSpec> mysqlKey(String key) {
    int dot = key.lastIndexOf('.');
    String name = key.substring(dot + 1);
    if (!name.equals("PRIMARY")) {
      return named(name);
    }
    // MariaDB does not say whose primary key it is; MySQL 8 prefixes the table.
    return dot < 0
        ? Optional.empty()
        : manifest()
            .table(key.substring(0, dot))
            .flatMap(t -> t.constraints(ConstraintSpec.Kind.PRIMARY).stream().findFirst());
  }

  private static Optional<ConstraintSpec> named(String name) {
    return manifest().constraint(name);
  }

  private static Refusal refusal(
      Rule rule, Optional<ConstraintSpec> constraint, Optional<String> reportedColumn) {
    List<String> fields = constraint.map(ConstraintSpec::columns).orElse(List.of());
    String list = String.join(", ", fields);
    return switch (rule) {
      case NOT_NULL -> {
        Optional<String> field = reportedColumn.filter(DataRefusals::isSchemaColumn);
        yield field
            .map(
                f ->
                    conflict(
                        "Field '"
                            + f
                            + "' is required: the store's schema does not allow it to be"
                            + " empty.",
                        List.of(new FieldFailure(f, "is required"))))
            .orElseGet(() -> conflict("A required field is missing.", List.of()));
      }
      case UNIQUE ->
          fields.isEmpty()
              ? conflict("Another row already has this key.", List.of())
              : conflict(
                  fields.size() == 1
                      ? "Another row already has this " + list + "."
                      : "Another row already has this combination of " + list + ".",
                  each(fields, fields.size() == 1 ? "is taken" : "is taken together with " + list));
      case MISSING_REFERENCE ->
          constraint
              .map(
                  c ->
                      conflict(
                          "Field '%s' names no row of %s.".formatted(list, c.referencedTable()),
                          each(fields, "names no row of " + c.referencedTable())))
              .orElseGet(() -> conflict("A field names a row that does not exist.", List.of()));
      case STILL_REFERENCED ->
          conflict(
              constraint
                  .map(
                      c ->
                          "The row is still referenced by %s of %s."
                              .formatted(String.join(", ", c.columns()), c.table()))
                  .orElse("The row is still referenced by other rows."),
              List.of());
      case CHECK ->
          fields.isEmpty()
              ? conflict("A value breaks a rule of the store's database.", List.of())
              : conflict(
                  (fields.size() == 1
                          ? "The value of " + list + " breaks"
                          : "The values of " + list + " break")
                      + " a rule of the store's schema (an allowed value, range or format).",
                  each(fields, "breaks a rule of the store's schema"));
      case OTHER_CONSTRAINT ->
          conflict("The write breaks a rule of the store's database.", List.of());
      case TOO_LONG -> invalid("A value is longer than its field allows.");
      case OUT_OF_RANGE -> invalid("A number is outside the range its field allows.");
      case BAD_FORMAT -> invalid("A value does not have its field's type or format.");
    };
  }

  private static Refusal conflict(String detail, List<FieldFailure> fields) {
    return new Refusal(ProvisioningError.CONSTRAINT_VIOLATION, detail, fields);
  }

  private static Refusal invalid(String detail) {
    return new Refusal(ProvisioningError.INVALID_DATA_REQUEST, detail, List.of());
  }

  private static List<FieldFailure> each(List<String> fields, String message) {
    return fields.stream().map(f -> new FieldFailure(f, message)).toList();
  }

  /** Whether {@code name} is a column of some table of the client schema (a field of the API). */
  private static boolean isSchemaColumn(String name) {
    return SCHEMA_COLUMNS.contains(name);
  }

  private static Manifest manifest() {
    return ClientSchema.manifest();
  }

  private static Optional<String> first(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text == null ? "" : text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static String state(SQLException e) {
    return e.getSQLState() == null ? "" : e.getSQLState();
  }
}
