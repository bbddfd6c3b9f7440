package io.storeplane.provisioning.supabase.rest;

import java.util.List;
import java.util.Objects;

/**
 * One PostgREST horizontal filter, {@code <column>=[not.]<op>.<operand>}; several filters are
 * ANDed. Operands are written in PostgREST's syntax: {@code eq}-style operands verbatim (PostgREST
 * takes everything after the operator), {@code in} lists with every element double-quoted and
 * {@code "} and {@code \} backslash-escaped, {@code like}/{@code ilike} patterns with {@code *} as
 * the wildcard. The HTTP layer then percent-encodes the whole value.
 *
 * @param column the column, validated by {@link PostgrestIdentifiers}
 * @param operator the operator
 * @param operand the operand in PostgREST syntax (already quoted for {@code in})
 * @param negated whether the filter is prefixed with {@code not.}
 */
public record PostgrestFilter(String column, Operator operator, String operand, boolean negated) {

  /** The operators the layer supports. */
  public enum Operator {
    EQ("eq"),
    NEQ("neq"),
    GT("gt"),
    GTE("gte"),
    LT("lt"),
    LTE("lte"),
    LIKE("like"),
    ILIKE("ilike"),
    IN("in"),
    IS("is");

    private final String token;

    Operator(String token) {
      this.token = token;
    }

    /** The operator as PostgREST spells it. */
    public String token() {
      return token;
    }
  }

  public PostgrestFilter {
    PostgrestIdentifiers.require(column);
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(operand, "operand");
  }

  /** {@code column = value}. */
  public static PostgrestFilter eq(String column, Object value) {
    return simple(column, Operator.EQ, value);
  }

  /** {@code column <> value}. */
  public static PostgrestFilter neq(String column, Object value) {
    return simple(column, Operator.NEQ, value);
  }

  /** {@code column > value}. */
  public static PostgrestFilter gt(String column, Object value) {
    return simple(column, Operator.GT, value);
  }

  /** {@code column >= value}. */
  public static PostgrestFilter gte(String column, Object value) {
    return simple(column, Operator.GTE, value);
  }

  /** {@code column < value}. */
  public static PostgrestFilter lt(String column, Object value) {
    return simple(column, Operator.LT, value);
  }

  /** {@code column <= value}. */
  public static PostgrestFilter lte(String column, Object value) {
    return simple(column, Operator.LTE, value);
  }

  /** {@code column LIKE pattern}, {@code *} matching any run of characters. */
  public static PostgrestFilter like(String column, String pattern) {
    return new PostgrestFilter(column, Operator.LIKE, pattern, false);
  }

  /** {@code column ILIKE pattern}, {@code *} matching any run of characters. */
  public static PostgrestFilter ilike(String column, String pattern) {
    return new PostgrestFilter(column, Operator.ILIKE, pattern, false);
  }

  /** {@code column IN (values)}; an empty list matches nothing. */
  public static PostgrestFilter in(String column, List<?> values) {
    StringBuilder list = new StringBuilder("(");
    for (int i = 0; i < values.size(); i++) {
      Object value = Objects.requireNonNull(values.get(i), "in() values must not be null");
      if (i > 0) {
        list.append(',');
      }
      list.append('"')
          .append(PostgrestEncoding.text(value).replace("\\", "\\\\").replace("\"", "\\\""))
          .append('"');
    }
    return new PostgrestFilter(column, Operator.IN, list.append(')').toString(), false);
  }

  /** {@code column IS NULL}. */
  public static PostgrestFilter isNull(String column) {
    return new PostgrestFilter(column, Operator.IS, "null", false);
  }

  /** {@code column IS NOT NULL}. */
  public static PostgrestFilter isNotNull(String column) {
    return new PostgrestFilter(column, Operator.IS, "not_null", false);
  }

  /** {@code column IS TRUE} or {@code IS FALSE}. */
  public static PostgrestFilter is(String column, boolean value) {
    return new PostgrestFilter(column, Operator.IS, Boolean.toString(value), false);
  }

  /** The negation of this filter ({@code not.}). */
  public PostgrestFilter not() {
    return new PostgrestFilter(column, operator, operand, !negated);
  }

  /** The query parameter value before percent-encoding, e.g. {@code not.in.("a","b")}. */
  public String queryValue() {
    return (negated ? "not." : "") + operator.token() + "." + operand;
  }

  private static PostgrestFilter simple(String column, Operator operator, Object value) {
    Objects.requireNonNull(value, "Use isNull() to compare with null");
    return new PostgrestFilter(column, operator, PostgrestEncoding.text(value), false);
  }
}
