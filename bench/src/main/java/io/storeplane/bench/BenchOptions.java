package io.storeplane.bench;

import java.util.HashMap;
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
    return values.containsKey(name) ? Integer.parseInt(values.get(name)) : defaultValue;
  }

  String text(String name, String defaultValue) {
    return values.getOrDefault(name, defaultValue);
  }
}
