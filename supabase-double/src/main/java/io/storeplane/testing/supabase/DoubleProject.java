package io.storeplane.testing.supabase;

import io.storeplane.testing.db.TestDatabase;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One project of the {@link SupabaseDouble}: a database on the local PostgreSQL server, its keys
 * and its scripted status. Tests read it to reach the project's database directly.
 */
public final class DoubleProject {

  private final String ref;
  private final String name;
  private final String organizationSlug;
  private final String region;
  private final String dbPass;
  private final Instant createdAt;
  private final TestDatabase database;
  private final ProjectScript script;
  private final DoubleKeys keys;
  private final AtomicInteger polls = new AtomicInteger();
  private final AtomicInteger staleSchemaCacheRequests = new AtomicInteger();
  private volatile int maxRows = 1000;

  DoubleProject(
      String ref,
      String name,
      String organizationSlug,
      String region,
      String dbPass,
      Instant createdAt,
      TestDatabase database,
      ProjectScript script,
      DoubleKeys keys) {
    this.ref = ref;
    this.name = name;
    this.organizationSlug = organizationSlug;
    this.region = region;
    this.dbPass = dbPass;
    this.createdAt = createdAt;
    this.database = database;
    this.script = script;
    this.keys = keys;
  }

  /** The project ref: 20 lowercase letters. */
  public String ref() {
    return ref;
  }

  /** The name it was created with. */
  public String name() {
    return name;
  }

  /** The organization slug it was created in. */
  public String organizationSlug() {
    return organizationSlug;
  }

  /** The region it was created in. */
  public String region() {
    return region;
  }

  /** The {@code db_pass} sent at creation (recorded only; the local server keeps its own). */
  public String dbPass() {
    return dbPass;
  }

  /** When it was created. */
  public Instant createdAt() {
    return createdAt;
  }

  /** The database behind it. */
  public TestDatabase database() {
    return database;
  }

  /** The legacy JWT and new-style keys of the project. */
  public DoubleKeys keys() {
    return keys;
  }

  /** How many times the project has been polled with {@code GET /v1/projects/{ref}}. */
  public int polls() {
    return polls.get();
  }

  /**
   * Makes the next {@code requests} PostgREST requests answer as if the schema cache had not been
   * reloaded yet: every table is unknown ({@code PGRST205}).
   */
  public void staleSchemaCacheFor(int requests) {
    staleSchemaCacheRequests.set(requests);
  }

  /** Sets the Data API's {@code max_rows} cap (Supabase default 1000). */
  public void maxRows(int maxRows) {
    this.maxRows = maxRows;
  }

  int maxRows() {
    return maxRows;
  }

  boolean consumeStaleSchemaCache() {
    return staleSchemaCacheRequests.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  /** The status the next poll answers, advancing the script. */
  String poll() {
    return script.statusAt(polls.incrementAndGet());
  }

  /** The status as of the last poll, without advancing. */
  String currentStatus() {
    return script.statusAt(polls.get());
  }
}
