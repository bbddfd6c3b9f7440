package io.storeplane.provisioning.supabase.schema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * One PostgreSQL migration of the client schema as the run-SQL channel applies it, with the values
 * Flyway would record for it, so that a history written by either can be read by the other.
 *
 * @param version the version (V2 → 2)
 * @param script the file name, e.g. {@code V2__product_reviews.sql}
 * @param description Flyway's description: the name part with underscores as spaces
 * @param sql the file's text
 */
public record ClientMigration(int version, String script, String description, String sql) {

  /**
   * Flyway's checksum of the file: CRC32 over the UTF-8 bytes of every line without its line break,
   * a leading byte-order mark removed.
   */
  public int checksum() {
    CRC32 crc = new CRC32();
    try (BufferedReader reader = new BufferedReader(new StringReader(sql))) {
      String line = reader.readLine();
      if (line != null && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      while (line != null) {
        crc.update(line.getBytes(StandardCharsets.UTF_8));
        line = reader.readLine();
      }
    } catch (IOException e) {
      throw new IllegalStateException("Reading a string cannot fail", e);
    }
    return (int) crc.getValue();
  }
}
