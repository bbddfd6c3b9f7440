package io.storeplane.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/api.md's "Problem types" table is the catalogue of problem types a client reads: every
 * {@link ProblemCatalogue} entry appears in it once, with its status, and it lists no type the code
 * cannot answer with.
 */
class ProblemCatalogueDocumentedTest {

  private static final String SECTION = "### Problem types";
  private static final Pattern ROW =
      Pattern.compile(
          "^\\|\\s*`urn:storeplane:problem:([a-z0-9-]+)`\\s*\\|\\s*(\\d{3})\\s*\\|(.*)\\|\\s*$");

  private static List<Row> rows;

  record Row(int line, String code, int status, String meaning) {}

  @BeforeAll
  static void readTable() throws IOException {
    rows = table(Files.readAllLines(apiDoc()));
  }

  @Test
  void everyCatalogueEntryIsDocumentedOnceWithItsStatus() {
    Map<String, List<Row>> byCode = new LinkedHashMap<>();
    rows.forEach(row -> byCode.computeIfAbsent(row.code(), code -> new ArrayList<>()).add(row));
    List<String> problems = new ArrayList<>();
    for (ProblemCatalogue.Entry entry : ProblemCatalogue.entries()) {
      List<Row> documented = byCode.getOrDefault(entry.code(), List.of());
      if (documented.isEmpty()) {
        problems.add(
            "add a row for %s: | `%s` | %d | <when it is answered, what the client should do> |"
                .formatted(entry.code(), entry.type(), entry.status()));
      } else if (documented.size() > 1) {
        problems.add(
            "remove the duplicate rows of %s (lines %s): each type is listed once"
                .formatted(entry.code(), documented.stream().map(Row::line).toList()));
      } else if (documented.get(0).status() != entry.status()) {
        problems.add(
            "%s is answered with %d, the table says %d (line %d)"
                .formatted(
                    entry.code(),
                    entry.status(),
                    documented.get(0).status(),
                    documented.get(0).line()));
      }
    }
    assertThat(problems).as("docs/api.md, \"Problem types\"").isEmpty();
  }

  @Test
  void theTableListsNoTypeTheCatalogueLacks() {
    List<String> known =
        ProblemCatalogue.entries().stream().map(ProblemCatalogue.Entry::code).toList();
    List<String> unknown =
        rows.stream()
            .filter(row -> !known.contains(row.code()))
            .map(
                row ->
                    "remove the row of %s (line %d): no code of ProblemType or of"
                            .formatted(row.code(), row.line())
                        + " ProblemCatalogue.MODULE_CODES has it")
            .toList();
    assertThat(unknown).as("docs/api.md, \"Problem types\"").isEmpty();
  }

  @Test
  void everyRowSaysWhatItMeans() {
    assertThat(rows)
        .as("rows of docs/api.md, \"Problem types\", without a meaning")
        .filteredOn(row -> row.meaning().isBlank())
        .isEmpty();
  }

  /** The rows of the first table after the section's heading, each checked for its form. */
  private static List<Row> table(List<String> lines) {
    int heading = lines.indexOf(SECTION);
    assertThat(heading).as("docs/api.md has a section \"%s\"", SECTION).isNotNegative();
    List<Row> found = new ArrayList<>();
    boolean inTable = false;
    for (int i = heading + 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("#")) {
        break;
      }
      if (!line.startsWith("|")) {
        if (inTable) {
          break;
        }
        continue;
      }
      inTable = true;
      if (line.startsWith("| `type`") || line.startsWith("|---")) {
        continue;
      }
      Matcher row = ROW.matcher(line);
      assertThat(row.matches())
          .as(
              "line %d of docs/api.md is not a row | `urn:storeplane:problem:<code>` | <status> |"
                  + " <meaning> |: %s",
              i + 1, line)
          .isTrue();
      found.add(new Row(i + 1, row.group(1), Integer.parseInt(row.group(2)), row.group(3).strip()));
    }
    assertThat(found).as("rows of the table under \"%s\"", SECTION).isNotEmpty();
    return found;
  }

  /** docs/api.md of the repository the test runs in (the module's directory is the working one). */
  private static Path apiDoc() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path doc = dir.resolve("docs").resolve("api.md");
      if (Files.isRegularFile(doc)) {
        return doc;
      }
    }
    throw new IllegalStateException("docs/api.md not found above " + Path.of("").toAbsolutePath());
  }
}
