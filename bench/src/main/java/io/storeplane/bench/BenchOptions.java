package io.storeplane.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name=value} options of a scenario, with defaults at the point of use. */
final class BenchOptions {

  private final Map<String, String> values = new HashMap<>();

  BenchOptions(String[] args, int from) {
    for (int i = from; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("Options look like --name=value, not " + arg);
      }
      values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
  }

  int integer(String name, int defaultValue) {
    return values.containsKey(name) ? parse(name, values.get(name)) : defaultValue;
  }

  int positiveInteger(String name, int defaultValue) {
    int value = integer(name, defaultValue);
    if (value < 1) {
      throw new IllegalArgumentException(
          "--%s takes a positive integer, not %d".formatted(name, value));
    }
    return value;
  }

  /** A comma-separated list of positive integers, e.g. {@code --concurrency=1,4,16}. */
  List<Integer> positiveIntegers(String name, String defaultValue) {
    List<Integer> all = new ArrayList<>();
    for (String part : values.getOrDefault(name, defaultValue).split(",", -1)) {
      int value = parse(name, part.strip());
      if (value < 1) {
        throw new IllegalArgumentException(
            "--%s takes positive integers separated by commas, not %d".formatted(name, value));
      }
      all.add(value);
    }
    return all;
  }

  String text(String name, String defaultValue) {
    return values.getOrDefault(name, defaultValue);
  }

  private static int parse(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--%s takes whole numbers, not '%s'".formatted(name, value), e);
    }
  }
}
