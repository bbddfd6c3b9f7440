package io.storeplane.provisioning.connect.table;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One condition of a table query: a column of the client schema, an operator and a value. Values
 * are converted to the column's type and always bound as parameters; the column name is checked
 * against the manifest and only the manifest's own spelling reaches the SQL.
 *
 * @param column a column of the table
 * @param op the operator
 * @param value the operand: one value, a list for {@link Op#IN}, a boolean for {@link Op#IS_NULL}
 *     ({@code true}: IS NULL, {@code false}: IS NOT NULL)
 */
public record Filter(String column, Op op, Object value) {

  public Filter {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(op, "op");
  }

  /** The operators, with the names the store data API uses ({@code price=gte:10}). */
  public enum Op {
    EQ("eq"),
    NE("ne"),
    LT("lt"),
    LTE("lte"),
    GT("gt"),
    GTE("gte"),
    IN("in"),
    IS_NULL("is-null"),
    LIKE("like");

    private final String wireName;

    Op(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    /** The operator with this wire name (case-insensitive). */
    public static Optional<Op> fromWireName(String name) {
      String lower = name.toLowerCase(Locale.ROOT);
      return Arrays.stream(values()).filter(op -> op.wireName.equals(lower)).findFirst();
    }
  }

  public static Filter eq(String column, Object value) {
    return new Filter(column, Op.EQ, value);
  }

  public static Filter ne(String column, Object value) {
    return new Filter(column, Op.NE, value);
  }

  public static Filter lt(String column, Object value) {
    return new Filter(column, Op.LT, value);
  }

  public static Filter lte(String column, Object value) {
    return new Filter(column, Op.LTE, value);
  }

  public static Filter gt(String column, Object value) {
    return new Filter(column, Op.GT, value);
  }

  public static Filter gte(String column, Object value) {
    return new Filter(column, Op.GTE, value);
  }

  public static Filter in(String column, List<?> values) {
    return new Filter(column, Op.IN, List.copyOf(values));
  }

  public static Filter isNull(String column) {
    return new Filter(column, Op.IS_NULL, true);
  }

  public static Filter isNotNull(String column) {
    return new Filter(column, Op.IS_NULL, false);
  }

  /** SQL LIKE: {@code %} any run of characters, {@code _} one character. */
  public static Filter like(String column, String pattern) {
    return new Filter(column, Op.LIKE, pattern);
  }
}
