package io.storeplane.provisioning.supabase.schema;

import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.version.ClientSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The client schema's PostgreSQL migrations ({@link ClientSchema#locations(Dialect)}), read from
 * the classpath once: a directory in development, a jar when packaged.
 */
public final class ClientMigrations {

  private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");
  private static volatile List<ClientMigration> cached;

  private ClientMigrations() {}

  /**
   * Every PostgreSQL migration, V1 first; one per version 1..{@link ClientSchema#currentVersion()}.
   */
  public static List<ClientMigration> postgresql() {
    List<ClientMigration> result = cached;
    if (result == null) {
      result = load();
      cached = result;
    }
    return result;
  }

  private static List<ClientMigration> load() {
    String location = ClientSchema.locations(Dialect.POSTGRESQL).get(0);
    String directory = location.substring("classpath:".length());
    ClassLoader loader = ClientMigrations.class.getClassLoader();
    Map<Integer, ClientMigration> found = new TreeMap<>();
    try {
      Enumeration<URL> urls = loader.getResources(directory);
      while (urls.hasMoreElements()) {
        for (String name : fileNames(urls.nextElement(), directory)) {
          Matcher m = NAME.matcher(name);
          if (m.matches()) {
            int version = Integer.parseInt(m.group(1));
            String sql = read(loader, directory + "/" + name);
            found.put(
                version, new ClientMigration(version, name, m.group(2).replace('_', ' '), sql));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not list " + location, e);
    }
    List<ClientMigration> migrations = new ArrayList<>(found.values());
    List<Integer> versions = migrations.stream().map(ClientMigration::version).toList();
    if (!versions.equals(ClientSchema.versions())) {
      throw new IllegalStateException(
          "Expected PostgreSQL migrations for versions %s in %s, found %s"
              .formatted(ClientSchema.versions(), location, versions));
    }
    return List.copyOf(migrations);
  }

  private static List<String> fileNames(URL url, String directory) throws IOException {
    if ("file".equals(url.getProtocol())) {
      try (Stream<Path> files = Files.list(Path.of(new URI(url.toString())))) {
        return files.map(p -> p.getFileName().toString()).toList();
      } catch (URISyntaxException e) {
        throw new IOException("Bad resource URL " + url, e);
      }
    }
    if ("jar".equals(url.getProtocol())) {
      JarURLConnection connection = (JarURLConnection) url.openConnection();
      connection.setUseCaches(false);
      List<String> names = new ArrayList<>();
      try (JarFile jar = connection.getJarFile()) {
        String prefix = directory + "/";
        for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
          String name = entries.nextElement().getName();
          if (name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0) {
            names.add(name.substring(prefix.length()));
          }
        }
      }
      return names;
    }
    throw new IOException("Cannot list migrations at " + url);
  }

  private static String read(ClassLoader loader, String resource) throws IOException {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("Missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
