package io.storeplane.provisioning.supabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.migrate.ClientSchemaMigrator;
import io.storeplane.clientschema.migrate.MigrationResult;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.master.secret.SecretString;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.supabase.SupabaseTestSupport.RecordingSleeper;
import io.storeplane.provisioning.supabase.management.CreateProjectRequest;
import io.storeplane.provisioning.supabase.management.Project;
import io.storeplane.provisioning.supabase.management.ProjectReadiness;
import io.storeplane.provisioning.supabase.management.ProjectStatus;
import io.storeplane.provisioning.supabase.management.ProjectWaiter;
import io.storeplane.provisioning.supabase.management.SupabaseManagement;
import io.storeplane.provisioning.supabase.rest.PostgrestClient;
import io.storeplane.provisioning.supabase.rest.PostgrestFilter;
import io.storeplane.provisioning.supabase.rest.PostgrestOrder;
import io.storeplane.provisioning.supabase.rest.PostgrestPage;
import io.storeplane.provisioning.supabase.rest.Query;
import io.storeplane.provisioning.supabase.runtime.SupabaseClients;
import io.storeplane.provisioning.supabase.schema.JdbcSqlRunner;
import io.storeplane.provisioning.supabase.schema.SchemaApplyResult;
import io.storeplane.provisioning.supabase.schema.SupabaseSchemaChannel;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import io.storeplane.testing.supabase.DoubleProject;
import io.storeplane.testing.supabase.ProjectScript;
import io.storeplane.testing.supabase.SupabaseDouble;
import io.storeplane.testing.time.SettableClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The whole Supabase path against the double: create a project, wait for it, apply the client
 * schema through run-SQL, fetch the service role key and use PostgREST (CRUD, count, paging past
 * 1,000 rows). The double's projects are real databases on the local PostgreSQL server.
 */
@QuarkusTest
@QuarkusTestResource(io.storeplane.testing.db.MasterDatabaseTestResource.class)
@TestProfile(SupabaseTestProfile.class)
class SupabaseFlowTest {

  private static SupabaseDouble supabase;
  private static SettableClock clock;
  private static RecordingSleeper sleeper;
  private static SupabaseClients clients;

  @BeforeAll
  static void start() {
    supabase = SupabaseDouble.start(TestDatabases.postgres());
    clock = new SettableClock();
    sleeper = new RecordingSleeper(clock);
    clients =
        SupabaseClients.create(
            SupabaseTestSupport.settings(supabase.managementUrl(), 1000), sleeper);
  }

  @AfterAll
  static void stop() {
    supabase.close();
  }

  @Test
  void createWaitApplySchemaAndUseTheDataApi() throws Exception {
    SupabaseManagement management = clients.management(SecretString.of(supabase.accessToken()));
    supabase.nextProjects(ProjectScript.healthyAfter(2));
    Project project =
        management.createProject(
            new CreateProjectRequest(
                "acme-store",
                SecretString.of("Gen3rated-Passw0rd"),
                supabase.organizationSlug(),
                Optional.of("eu-central-1"),
                Optional.empty()));
    assertThat(project.status()).isEqualTo(ProjectStatus.COMING_UP);
    assertThat(supabase.project(project.ref()).orElseThrow().dbPass())
        .isEqualTo("Gen3rated-Passw0rd");

    List<String> seen = new ArrayList<>();
    ProjectReadiness ready =
        new ProjectWaiter(clock, sleeper, Duration.ofSeconds(5), Duration.ofMinutes(5))
            .awaitReady(management, project.ref(), r -> seen.add(r.describe()));
    assertThat(ready.ready()).isTrue();
    assertThat(seen)
        .containsExactly(
            "COMING_UP", "COMING_UP", "ACTIVE_HEALTHY, db ACTIVE_HEALTHY, rest ACTIVE_HEALTHY");

    SupabaseSchemaChannel channel = new SupabaseSchemaChannel(management.sqlRunner(project.ref()));
    SchemaApplyResult result = channel.apply();
    assertThat(result.fromVersion()).isZero();
    assertThat(result.toVersion()).isEqualTo(ClientSchema.currentVersion());
    assertThat(result.appliedVersions()).isEqualTo(ClientSchema.versions());
    assertThat(result.fresh()).isTrue();
    SchemaApplyResult again = channel.apply();
    assertThat(again.appliedVersions()).isEmpty();
    assertThat(again.fromVersion()).isEqualTo(ClientSchema.currentVersion());

    DoubleProject doubleProject = supabase.project(project.ref()).orElseThrow();
    assertThat(rlsDisabledTables(doubleProject.database())).isEmpty();
    MigrationResult flyway =
        new ClientSchemaMigrator(dataSource(doubleProject.database()), Dialect.POSTGRESQL)
            .migrate();
    assertThat(flyway.migrationsApplied()).isZero();

    SecretString key = management.serviceRoleKey(project.ref());
    assertThat(key.reveal()).startsWith("sb_secret_");
    PostgrestClient rest = clients.dataApi(supabase.projectUrl(project.ref()), key);
    doubleProject.staleSchemaCacheFor(2);
    rest.probe("categories", Duration.ofSeconds(10), Duration.ofSeconds(1));
    assertThat(sleeper.waits()).contains(Duration.ofSeconds(1));

    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 1205; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", new UUID(0, i + 1));
      row.put("name", i % 2 == 0 ? "Even, \"quoted\" " + i : "Odd & 50% " + i);
      row.put("slug", "cat-" + i);
      row.put("sort_order", i);
      rows.add(row);
    }
    List<Map<String, Object>> inserted = rest.insert("categories", rows);
    assertThat(inserted).hasSize(1205);
    assertThat(inserted.get(0)).containsEntry("is_active", true);

    PostgrestPage all =
        rest.select("categories", Query.all().orderBy(PostgrestOrder.asc("id")).withExactCount());
    assertThat(all.rows()).hasSize(1205);
    assertThat(all.totalCount()).hasValue(1205);
    assertThat(all.rows().get(1204)).containsEntry("slug", "cat-1204");

    PostgrestPage capped = rest.selectPage("categories", Query.all().withExactCount());
    assertThat(capped.rows()).hasSize(1000);
    assertThat(capped.totalCount()).hasValue(1205);

    assertThat(rest.count("categories", List.of(PostgrestFilter.gte("sort_order", 1000))))
        .isEqualTo(205);
    PostgrestPage tricky =
        rest.select(
            "categories",
            Query.all()
                .select("slug", "name")
                .where(PostgrestFilter.in("name", List.of("Even, \"quoted\" 0", "Odd & 50% 1")))
                .orderBy(PostgrestOrder.desc("slug")));
    assertThat(tricky.rows()).extracting(r -> r.get("slug")).containsExactly("cat-1", "cat-0");
    assertThat(
            rest.select(
                    "categories",
                    Query.all()
                        .where(PostgrestFilter.like("name", "Odd & 50%*"))
                        .where(PostgrestFilter.lt("sort_order", 10))
                        .orderBy(PostgrestOrder.asc("sort_order"))
                        .limit(3))
                .rows())
        .extracting(r -> r.get("slug"))
        .containsExactly("cat-1", "cat-3", "cat-5");

    List<Map<String, Object>> updated =
        rest.update(
            "categories",
            List.of(PostgrestFilter.eq("slug", "cat-7")),
            Map.of("name", "Renamed", "is_active", false));
    assertThat(updated)
        .singleElement()
        .satisfies(r -> assertThat(r).containsEntry("is_active", false));
    assertThat(rest.delete("categories", List.of(PostgrestFilter.gte("sort_order", 1200))))
        .isEqualTo(5);
    assertThat(rest.count("categories", List.of())).isEqualTo(1200);

    SupabaseException missing =
        catchThrowableOfType(
            SupabaseException.class, () -> rest.selectPage("no_such_table", Query.all()));
    assertThat(missing.code()).isEqualTo(ProvisioningError.SUPABASE_SCHEMA_MISSING);
    assertThat(missing.apiCode()).hasValue("PGRST205");

    SupabaseException duplicate =
        catchThrowableOfType(
            SupabaseException.class, () -> rest.insert("categories", List.of(rows.get(0))));
    assertThat(duplicate.code()).isEqualTo(ProvisioningError.SUPABASE_CONFLICT);
    assertThat(duplicate.apiCode()).hasValue("23505");

    PostgrestClient legacy =
        clients.dataApi(
            supabase.projectUrl(project.ref()),
            SecretString.of(doubleProject.keys().serviceRoleJwt()));
    assertThat(legacy.count("categories", List.of(PostgrestFilter.eq("slug", "cat-3"))))
        .isEqualTo(1);
    PostgrestClient anon =
        clients.dataApi(
            supabase.projectUrl(project.ref()),
            SecretString.of(doubleProject.keys().publishable()));
    SupabaseException denied =
        catchThrowableOfType(SupabaseException.class, () -> anon.count("categories", List.of()));
    assertThat(denied.code()).isEqualTo(ProvisioningError.SUPABASE_FORBIDDEN);
    assertThat(denied.getMessage()).doesNotContain(doubleProject.keys().publishable());

    assertThat(management.deleteProject(project.ref())).isTrue();
    assertThat(management.deleteProject(project.ref())).isFalse();
    assertThat(management.findProject(project.ref())).isEmpty();
  }

  @Test
  void jdbcChannelUpgradesAFlywayMigratedStoreAndRunSqlErrorsAreTyped() throws Exception {
    DoubleProject existing = supabase.createExistingProject("existing-store");
    DataSource dataSource = dataSource(existing.database());
    new ClientSchemaMigrator(dataSource, Dialect.POSTGRESQL).migrateTo(1);

    SchemaApplyResult result = new SupabaseSchemaChannel(new JdbcSqlRunner(dataSource)).apply();
    assertThat(result.fromVersion()).isEqualTo(1);
    assertThat(result.appliedVersions())
        .isEqualTo(ClientSchema.versions().subList(1, ClientSchema.versions().size()));
    assertThat(result.fresh()).isFalse();
    assertThat(new ClientSchemaMigrator(dataSource, Dialect.POSTGRESQL).installedVersion())
        .isEqualTo(ClientSchema.currentVersion());

    SupabaseManagement management = clients.management(SecretString.of(supabase.accessToken()));
    SupabaseException sql =
        catchThrowableOfType(
            SupabaseException.class,
            () -> management.runSql(existing.ref(), "select * from missing_table"));
    assertThat(sql.code()).isEqualTo(ProvisioningError.SUPABASE_SQL_FAILED);
    assertThat(sql.apiCode()).hasValue("42P01");
    assertThat(sql.httpStatus()).isEqualTo(400);
  }

  @Test
  void aDatabaseWithClashingTablesAndNoHistoryIsRefusedUntouched() throws Exception {
    DoubleProject existing = supabase.createExistingProject("clashing-store");
    SupabaseManagement management = clients.management(SecretString.of(supabase.accessToken()));
    management.runSql(existing.ref(), "create table products (id int primary key)");
    SupabaseException clash =
        catchThrowableOfType(
            SupabaseException.class,
            () -> new SupabaseSchemaChannel(management.sqlRunner(existing.ref())).apply());
    assertThat(clash.code()).isEqualTo(ProvisioningError.SUPABASE_SCHEMA_CLASH);
    assertThat(clash.getMessage()).contains("products");
    assertThat(
            management.runSql(
                existing.ref(), "select count(*) as n from pg_tables where schemaname = 'public'"))
        .singleElement()
        .satisfies(r -> assertThat(((Number) r.get("n")).intValue()).isEqualTo(1));
  }

  private static List<String> rlsDisabledTables(TestDatabase database) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = database.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                    + " where nspname = 'public' and relkind = 'r' and not relrowsecurity")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static DataSource dataSource(TestDatabase database) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(database.jdbcUrl());
    ds.setUser(database.username());
    ds.setPassword(database.password());
    return ds;
  }
}
