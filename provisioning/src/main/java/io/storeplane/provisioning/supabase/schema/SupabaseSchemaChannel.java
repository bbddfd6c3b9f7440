package io.storeplane.provisioning.supabase.schema;

import io.storeplane.clientschema.catalog.CatalogInspector;
import io.storeplane.clientschema.manifest.Clash;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.supabase.SupabaseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Applies the client schema's PostgreSQL migrations to a Supabase project through a {@link
 * SqlRunner} (run-SQL, or JDBC when only the database password is known), once each, tracked in the
 * same history table Flyway uses for other stores ({@link ClientSchema#historyTable()}, with
 * Flyway's columns, version strings, descriptions and checksums), so a store migrated by either
 * channel can be upgraded by the other.
 *
 * <p>Each pending migration goes as one script, which Postgres runs as one implicit transaction: an
 * advisory lock (two appliers queue), a guard that stops if another applier recorded the version
 * meanwhile, the migration's SQL unchanged, {@code GRANT SELECT, INSERT, UPDATE, DELETE} on the
 * schema's tables to {@code service_role} (new Supabase tables are no longer exposed to the Data
 * API by default), {@code ENABLE ROW LEVEL SECURITY} on each (anon and authenticated see nothing;
 * service_role bypasses RLS), {@code USAGE, SELECT} on the schema's sequences, the history row and
 * {@code NOTIFY pgrst, 'reload schema'}. The history table itself gets RLS and no grants to {@code
 * anon} or {@code authenticated}.
 *
 * <p>A database without the history table but with a table the schema needs in another shape
 * ({@link io.storeplane.clientschema.manifest.Manifest#clashesWith}, the rule the JDBC migrator
 * applies) is refused ({@code SUPABASE_SCHEMA_CLASH}); a history with a failed row, a newer version
 * or another checksum is refused ({@code SUPABASE_SCHEMA_DRIFT}). Nothing is dropped, ever.
 */
public final class SupabaseSchemaChannel {

  /** The advisory lock key both appliers take: "storeplane" folded into a bigint. */
  static final long LOCK_KEY = 0x73746f7265706cL;

  private static final String CONCURRENT = "storeplane: client schema version";
  private static final String HISTORY = "public." + ClientSchema.historyTable();

  private final SqlRunner runner;

  /** A channel running its SQL through {@code runner}. */
  public SupabaseSchemaChannel(SqlRunner runner) {
    this.runner = Objects.requireNonNull(runner, "runner");
  }

  /** Applies every pending migration up to {@link ClientSchema#currentVersion()}. */
  public SchemaApplyResult apply() {
    return applyTo(ClientSchema.currentVersion());
  }

  /**
   * Applies the pending migrations up to {@code targetVersion}; a database already there is left as
   * it is.
   *
   * @throws SupabaseException {@code SUPABASE_SCHEMA_CLASH}, {@code SUPABASE_SCHEMA_DRIFT} or
   *     {@code SUPABASE_SQL_FAILED} (with the SQLSTATE; that migration was rolled back)
   */
  public SchemaApplyResult applyTo(int targetVersion) {
    ClientSchema.requireKnown(targetVersion);
    boolean fresh = !historyExists();
    if (fresh) {
      refuseClashes(targetVersion);
      runner.run(createHistorySql());
    }
    // The history exists from here on: read it without asking again (each read is a run-SQL call).
    int from = versionInHistory();
    if (from > targetVersion) {
      throw drift(
          "is at client schema version %d, newer than the target %d"
              .formatted(from, targetVersion));
    }
    List<String> tables = ClientSchema.manifest(targetVersion).tableNames();
    List<Integer> applied = new ArrayList<>();
    for (ClientMigration migration : ClientMigrations.postgresql()) {
      if (migration.version() <= from || migration.version() > targetVersion) {
        continue;
      }
      try {
        runner.run(migrationSql(migration));
        applied.add(migration.version());
      } catch (SupabaseException e) {
        if (e.code() != ProvisioningError.SUPABASE_SQL_FAILED
            || !e.getMessage().contains(CONCURRENT)) {
          throw e;
        }
      }
    }
    int to = versionInHistory();
    return new SchemaApplyResult(from, to, applied, fresh, tables);
  }

  /**
   * The version the database is at according to the history: 0 without one.
   *
   * @throws SupabaseException {@code SUPABASE_SCHEMA_DRIFT} when the history disagrees with this
   *     build
   */
  public int installedVersion() {
    return historyExists() ? versionInHistory() : 0;
  }

  /** {@link #installedVersion()} of a database known to have the history table. */
  private int versionInHistory() {
    List<Map<String, Object>> rows =
        runner.run(
            "SELECT version, type, checksum, success, script FROM "
                + HISTORY
                + " ORDER BY installed_rank");
    Map<Integer, ClientMigration> known =
        ClientMigrations.postgresql().stream()
            .collect(Collectors.toMap(ClientMigration::version, m -> m));
    int installed = 0;
    for (Map<String, Object> row : rows) {
      Object version = row.get("version");
      if (version == null || "BASELINE".equals(row.get("type"))) {
        continue;
      }
      int v = Integer.parseInt(version.toString());
      if (!Boolean.TRUE.equals(bool(row.get("success")))) {
        throw drift("records a failed migration %s; repair it before applying more".formatted(v));
      }
      ClientMigration migration = known.get(v);
      if (migration == null) {
        throw drift("is at client schema version %d, unknown to this build".formatted(v));
      }
      Object checksum = row.get("checksum");
      if (checksum == null || ((Number) checksum).intValue() != migration.checksum()) {
        throw drift(
            "records %s with checksum %s, this build has %d"
                .formatted(migration.script(), checksum, migration.checksum()));
      }
      installed = Math.max(installed, v);
    }
    return installed;
  }

  private boolean historyExists() {
    List<Map<String, Object>> rows =
        runner.run("SELECT to_regclass('" + HISTORY + "') IS NOT NULL AS present");
    return !rows.isEmpty() && Boolean.TRUE.equals(bool(rows.get(0).get("present")));
  }

  /** The same shape rule as {@code ClientSchemaMigrator}, on the catalog read over this channel. */
  private void refuseClashes(int targetVersion) {
    List<Clash> clashes =
        ClientSchema.manifest(targetVersion)
            .clashesWith(CatalogInspector.inspectPostgresql(runner::run));
    if (!clashes.isEmpty()) {
      throw SupabaseException.of(
          ProvisioningError.SUPABASE_SCHEMA_CLASH,
          "The Supabase database has no Storeplane schema history: " + Clash.report(clashes),
          null);
    }
  }

  static String createHistorySql() {
    String table = ClientSchema.historyTable();
    return """
        SELECT pg_advisory_xact_lock(%1$d);
        CREATE TABLE IF NOT EXISTS %2$s (
          "installed_rank" INT NOT NULL,
          "version" VARCHAR(50),
          "description" VARCHAR(200) NOT NULL,
          "type" VARCHAR(20) NOT NULL,
          "script" VARCHAR(1000) NOT NULL,
          "checksum" INTEGER,
          "installed_by" VARCHAR(100) NOT NULL,
          "installed_on" TIMESTAMP NOT NULL DEFAULT now(),
          "execution_time" INTEGER NOT NULL,
          "success" BOOLEAN NOT NULL,
          CONSTRAINT "%3$s_pk" PRIMARY KEY ("installed_rank")
        );
        CREATE INDEX IF NOT EXISTS "%3$s_s_idx" ON %2$s ("success");
        INSERT INTO %2$s (installed_rank, version, description, type, script, checksum,
                          installed_by, execution_time, success)
        SELECT 1, '0', 'before the Storeplane client schema', 'BASELINE', '<< Flyway Baseline >>',
               NULL, current_user, 0, TRUE
        WHERE NOT EXISTS (SELECT 1 FROM %2$s);
        ALTER TABLE %2$s ENABLE ROW LEVEL SECURITY;
        REVOKE ALL ON TABLE %2$s FROM anon, authenticated;
        """
        .formatted(LOCK_KEY, HISTORY, table);
  }

  static String migrationSql(ClientMigration migration) {
    int v = migration.version();
    StringBuilder sql = new StringBuilder();
    sql.append("SELECT pg_advisory_xact_lock(").append(LOCK_KEY).append(");\n");
    sql.append("DO $storeplane$ BEGIN\n")
        .append("  IF EXISTS (SELECT 1 FROM ")
        .append(HISTORY)
        .append(" WHERE version = '")
        .append(v)
        .append("' AND success) THEN\n")
        .append("    RAISE EXCEPTION '")
        .append(CONCURRENT)
        .append(" ")
        .append(v)
        .append(" was applied meanwhile';\n")
        .append("  END IF;\nEND $storeplane$;\n");
    sql.append(migration.sql().strip()).append("\n;\n");
    List<String> tables = ClientSchema.manifest(v).tableNames();
    String quoted =
        tables.stream().map(t -> "public.\"" + t + "\"").collect(Collectors.joining(", "));
    sql.append("GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ")
        .append(quoted)
        .append(" TO service_role;\n");
    for (String t : tables) {
      sql.append("ALTER TABLE public.\"").append(t).append("\" ENABLE ROW LEVEL SECURITY;\n");
    }
    sql.append("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO service_role;\n");
    sql.append("INSERT INTO ")
        .append(HISTORY)
        .append(
            " (installed_rank, version, description, type, script, checksum, installed_by,"
                + " execution_time, success)\n")
        .append("SELECT COALESCE(MAX(installed_rank), 0) + 1, '")
        .append(v)
        .append("', '")
        .append(migration.description().replace("'", "''"))
        .append("', 'SQL', '")
        .append(migration.script().replace("'", "''"))
        .append("', ")
        .append(migration.checksum())
        .append(", current_user,")
        .append(" (EXTRACT(EPOCH FROM clock_timestamp() - now()) * 1000)::int, TRUE FROM ")
        .append(HISTORY)
        .append(";\n");
    sql.append("NOTIFY pgrst, 'reload schema';\n");
    return sql.toString();
  }

  private static Boolean bool(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    return value == null ? null : Boolean.valueOf(value.toString());
  }

  private static SupabaseException drift(String what) {
    return SupabaseException.of(
        ProvisioningError.SUPABASE_SCHEMA_DRIFT,
        "The Supabase database's Storeplane schema history " + what,
        null);
  }
}
