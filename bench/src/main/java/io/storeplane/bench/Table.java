package io.storeplane.bench;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table printed to standard output, so results paste into docs/benchmarks.md. */
final class Table {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... header) {
    this.header = List.of(header);
  }

  Table row(Object... cells) {
    List<String> row = new ArrayList<>();
    for (Object cell : cells) {
      row.add(cell instanceof Double d ? format(d) : String.valueOf(cell));
    }
    rows.add(row);
    return this;
  }

  void print() {
    System.out.println("| " + String.join(" | ", header) + " |");
    System.out.println("|" + "---|".repeat(header.size()));
    rows.forEach(row -> System.out.println("| " + String.join(" | ", row) + " |"));
    System.out.println();
  }

  static String format(double value) {
    if (Double.isNaN(value)) {
      return "-";
    }
    return value >= 100 ? String.format("%,.0f", value) : String.format("%.2f", value);
  }
}
