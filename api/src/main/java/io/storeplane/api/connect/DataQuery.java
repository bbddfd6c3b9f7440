package io.storeplane.api.connect;

import io.storeplane.api.problem.ApiException;
import io.storeplane.provisioning.connect.table.Filter;
import io.storeplane.provisioning.connect.table.Order;
import io.storeplane.provisioning.connect.table.TableQuery;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The query string of the store data API as a {@link TableQuery}. Every parameter other than {@code
 * limit}, {@code offset}, {@code count} and {@code sort} filters a column: {@code column=value}
 * (equals) or {@code column=op:value} with op one of {@code eq ne lt lte gt gte like}, {@code
 * in:a,b,c} and {@code is-null:true|false}. {@code sort=column[:desc],...} orders the rows. Column
 * names and values are checked by the table API against the client schema.
 */
final class DataQuery {

  private static final Set<String> RESERVED = Set.of("limit", "offset", "count", "sort");

  private DataQuery() {}

  static TableQuery parse(MultivaluedMap<String, String> parameters) {
    List<Filter> filters = new ArrayList<>();
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      if (!RESERVED.contains(parameter.getKey())) {
        parameter.getValue().forEach(value -> filters.add(filter(parameter.getKey(), value)));
      }
    }
    return new TableQuery(
        filters,
        orders(parameters.getFirst("sort")),
        number(parameters, "limit", 0),
        number(parameters, "offset", 0),
        Boolean.parseBoolean(parameters.getFirst("count")));
  }

  private static Filter filter(String column, String value) {
    int colon = value.indexOf(':');
    Optional<Filter.Op> op =
        colon < 0 ? Optional.empty() : Filter.Op.fromWireName(value.substring(0, colon));
    if (op.isEmpty()) {
      return Filter.eq(column, value);
    }
    String operand = value.substring(colon + 1);
    return switch (op.get()) {
      case IN -> Filter.in(column, Arrays.asList(operand.split(",", -1)));
      case IS_NULL -> new Filter(column, Filter.Op.IS_NULL, operand.isEmpty() ? "true" : operand);
      default -> new Filter(column, op.get(), operand);
    };
  }

  private static List<Order> orders(String sort) {
    if (sort == null || sort.isBlank()) {
      return List.of();
    }
    List<Order> orders = new ArrayList<>();
    for (String key : sort.split(",")) {
      String[] parts = key.strip().split(":", 2);
      String direction = parts.length == 2 ? parts[1].toLowerCase(Locale.ROOT) : "asc";
      if (!direction.equals("asc") && !direction.equals("desc")) {
        throw ApiException.invalid("sort", "each key is column, column:asc or column:desc");
      }
      orders.add(new Order(parts[0], direction.equals("desc")));
    }
    return orders;
  }

  private static int number(MultivaluedMap<String, String> parameters, String name, int fallback) {
    String value = parameters.getFirst(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw ApiException.invalid(name, "must be a whole number");
    }
  }
}
