package io.storeplane.clientschema.testing;

import io.storeplane.clientschema.Dialect;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The migration files of a dialect as the test classpath holds them (a plain directory). */
public final class MigrationFiles {

  private MigrationFiles() {}

  /** The folder holding {@code dialect}'s migrations. */
  public static Path folder(Dialect dialect) throws URISyntaxException {
    String resource = "db/client/" + dialect.directory();
    URL url = MigrationFiles.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw new IllegalStateException(resource + " is not on the test classpath");
    }
    return Path.of(url.toURI());
  }

  /** The file names in {@code dialect}'s folder, sorted. */
  public static List<String> names(Dialect dialect) throws IOException, URISyntaxException {
    try (Stream<Path> files = Files.list(folder(dialect))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** The text of one migration file. */
  public static String read(Dialect dialect, String name) throws IOException, URISyntaxException {
    return Files.readString(folder(dialect).resolve(name), StandardCharsets.UTF_8);
  }
}
