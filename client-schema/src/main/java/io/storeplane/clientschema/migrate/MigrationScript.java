package io.storeplane.clientschema.migrate;

import io.storeplane.clientschema.ClientSchemaError;
import io.storeplane.clientschema.ClientSchemaException;
import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.version.ClientSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The statements of one SQL migration file, in order, as the house style writes them: {@code --}
 * comment lines, and every statement ending with {@code ;} at the end of a line (no semicolon ends
 * a line inside a statement). Used to finish an interrupted MySQL migration statement by statement,
 * and by the fleet's drift check to read the indexes a version's migrations create.
 *
 * @param script the file name, e.g. {@code V2__product_reviews.sql}
 * @param statements the statements without their terminating semicolon
 */
public record MigrationScript(String script, List<String> statements) {

  private static final Pattern END_OF_STATEMENT = Pattern.compile(";[ \\t]*(\\r?\\n|$)");

  public MigrationScript {
    statements = List.copyOf(statements);
  }

  /** Reads {@code script} from {@code dialect}'s migration location on the class path. */
  public static MigrationScript load(Dialect dialect, String script) {
    String location = ClientSchema.locations(dialect).get(0).substring("classpath:".length());
    String resource = location + "/" + script;
    try (InputStream in = MigrationScript.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new ClientSchemaException(
            ClientSchemaError.MIGRATION_FAILED, "Migration resource " + resource + " is missing");
      }
      return parse(script, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ClientSchemaException(
          ClientSchemaError.MIGRATION_FAILED, "Could not read migration " + resource, e);
    }
  }

  /** Splits {@code text} into its statements, leaving out comment lines and blank ones. */
  public static MigrationScript parse(String script, String text) {
    StringBuilder code = new StringBuilder();
    for (String line : text.split("\\r?\\n", -1)) {
      if (!line.strip().startsWith("--")) {
        code.append(line).append('\n');
      }
    }
    List<String> statements =
        Arrays.stream(END_OF_STATEMENT.split(code))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList();
    return new MigrationScript(script, statements);
  }

  /**
   * The clauses of a parenthesized list or an {@code ALTER TABLE}'s actions: {@code body} split at
   * commas outside parentheses and quotes, each stripped.
   */
  public static List<String> topLevelClauses(String body) {
    List<String> clauses = new ArrayList<>();
    int depth = 0;
    char quote = 0;
    int start = 0;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        clauses.add(body.substring(start, i).strip());
        start = i + 1;
      }
    }
    clauses.add(body.substring(start).strip());
    return clauses;
  }
}
