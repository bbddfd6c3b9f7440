package io.storeplane.provisioning.guard;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * A set of TCP ports written as a list of ports and ranges, e.g. {@code 5432,3306,6543} or {@code
 * 5432-5439,3306}. Immutable.
 */
public final class PortRanges {

  /** Every valid port: {@code 1-65535}. */
  public static final PortRanges ALL = parse("1-65535");

  private static final int MAX_PORT = 65535;

  private final BitSet ports;

  private PortRanges(BitSet ports) {
    this.ports = ports;
  }

  /**
   * Parses a comma-separated list of ports ({@code 5432}) and inclusive ranges ({@code 5432-5439});
   * whitespace is ignored.
   *
   * @throws IllegalArgumentException for an empty list, a port outside 1-65535, or a reversed range
   */
  public static PortRanges parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    BitSet ports = new BitSet(MAX_PORT + 1);
    for (String item : spec.split(",", -1)) {
      String trimmed = item.strip();
      int dash = trimmed.indexOf('-');
      int from = port(dash < 0 ? trimmed : trimmed.substring(0, dash), spec);
      int to = dash < 0 ? from : port(trimmed.substring(dash + 1), spec);
      if (to < from) {
        throw new IllegalArgumentException(
            "Port range '" + trimmed + "' in '" + spec + "' ends before it starts");
      }
      ports.set(from, to + 1);
    }
    return new PortRanges(ports);
  }

  /** Exactly the given ports. */
  public static PortRanges of(int... ports) {
    BitSet set = new BitSet(MAX_PORT + 1);
    for (int port : ports) {
      if (port < 1 || port > MAX_PORT) {
        throw new IllegalArgumentException("Port " + port + " is outside 1-65535");
      }
      set.set(port);
    }
    if (set.isEmpty()) {
      throw new IllegalArgumentException("At least one port is required");
    }
    return new PortRanges(set);
  }

  /** Whether {@code port} is in the set. */
  public boolean contains(int port) {
    return port >= 1 && port <= MAX_PORT && ports.get(port);
  }

  private static int port(String text, String spec) {
    String trimmed = text.strip();
    if (trimmed.isEmpty()
        || trimmed.length() > 5
        || !trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(
          "'" + spec + "' is not a list of ports and ranges such as 5432,3306,6543-6544");
    }
    int port = Integer.parseInt(trimmed);
    if (port < 1 || port > MAX_PORT) {
      throw new IllegalArgumentException("Port " + port + " in '" + spec + "' is outside 1-65535");
    }
    return port;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PortRanges that && ports.equals(that.ports);
  }

  @Override
  public int hashCode() {
    return ports.hashCode();
  }

  /** The canonical form, ranges merged and sorted, e.g. {@code 3306,5432-5439}. */
  @Override
  public String toString() {
    List<String> items = new ArrayList<>();
    for (int from = ports.nextSetBit(0); from >= 0; ) {
      int to = ports.nextClearBit(from) - 1;
      items.add(from == to ? Integer.toString(from) : from + "-" + to);
      from = ports.nextSetBit(to + 1);
    }
    return String.join(",", items);
  }
}
