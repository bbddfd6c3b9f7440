package io.storeplane.provisioning.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.migrate.ClientSchemaMigrator;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.master.secret.KeyRing;
import io.storeplane.master.secret.SecretCipher;
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.master.server.DatabaseServer;
import io.storeplane.testing.db.MigratedMaster;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import io.storeplane.testing.db.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which warm-pool entries this instance primes, and who uses a connection being primed, on a real
 * master and real entry databases (PostgreSQL, at the current client-schema version): a claim made
 * here that has not committed does not take the place of the entries claimed after it, and a seed
 * whose entry's connection is still being opened waits for it instead of opening a second backend.
 */
class PrimedConnectionsTest {

  private static final int PER_SERVER = 2;

  private MigratedMaster master;
  private final List<TestDatabase> databases = new ArrayList<>();
  private final List<PoolEntry> ready = new ArrayList<>();
  private DatabaseServer server;
  private PoolEntries entries;
  private PrimedConnections primed;

  @BeforeEach
  void setUp() throws SQLException {
    master = MigratedMaster.create("primed");
    TestServer postgres = TestDatabases.postgres();
    server = new DatabaseServer();
    server.id = UUID.randomUUID();
    server.name = "primed-" + server.id;
    server.engine = DatabaseEngine.POSTGRESQL;
    server.host = postgres.host();
    server.port = postgres.port();
    server.isDefault = true; // not guarded: the test's own server
    master.update(
        "INSERT INTO database_servers (id, name, engine, host, port, admin_username, max_stores,"
            + " created_at, updated_at) VALUES (?, ?, 'POSTGRESQL', ?, ?, ?, 10, now(), now())",
        server.id,
        server.name,
        server.host,
        server.port,
        postgres.adminUser());
    entries = new PoolEntries(master.dataSource(), new SecretCipher(KeyRing.generate("test")));
    Instant created = Instant.now().minusSeconds(60);
    for (int i = 0; i < 4; i++) {
      TestDatabase database = postgres.createDatabase("primed");
      databases.add(database);
      PoolEntry entry =
          new PoolEntry(
              UUID.randomUUID(),
              server.id,
              database.name(),
              database.username(),
              SecretString.of(database.password() == null ? "" : database.password()),
              ClientSchema.currentVersion());
      new ClientSchemaMigrator(entry.login(server).dataSource(), Dialect.POSTGRESQL).migrate();
      entries.creating(entry, created.plusSeconds(i));
      entries.ready(entry.id(), created.plusSeconds(i));
      ready.add(entry);
    }
    primed = new PrimedConnections(entries, PER_SERVER, Clock.systemUTC());
  }

  @AfterEach
  void tearDown() {
    primed.close();
    databases.forEach(TestDatabase::close);
    master.close();
  }

  @Test
  void aClaimNotCommittedYetDoesNotTakeThePlaceOfTheEntriesClaimedAfterIt() throws Exception {
    try (Connection claim = master.dataSource().getConnection()) {
      // as a create-database recorded after it runs: the claim commits with the job's next write
      claim.setAutoCommit(false);
      Optional<PoolEntry> claimed =
          entries.claim(
              claim, server.id, ClientSchema.currentVersion(), UUID.randomUUID(), Instant.now());
      assertThat(claimed.map(PoolEntry::id)).contains(ready.get(0).id());
      primed.claimed(claimed.orElseThrow());

      primed.primeSoon(server);
      // the two entries the next claims take, not the one claimed and the one after it alone
      Set<UUID> next = Set.of(ready.get(1).id(), ready.get(2).id());
      await().atMost(Duration.ofSeconds(30)).until(() -> primed.primed().equals(next));
      assertThat(backendsIn(ready.get(0))).as("no connection into the entry claimed").isEmpty();
      claim.rollback();
    }
  }

  @Test
  void aSeedWaitsForTheConnectionBeingPrimedForItsEntryInsteadOfOpeningASecond() throws Exception {
    PoolEntry entry = ready.get(0);
    try (Connection admin = databases.get(0).connect();
        Statement lock = admin.createStatement()) {
      // the primer's rehearsal of the seed waits for this lock: its connection is being primed
      admin.setAutoCommit(false);
      lock.execute("LOCK TABLE categories IN ACCESS EXCLUSIVE MODE");
      primed.primeSoon(server);
      await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnLockIn(entry) == 1);
      int locker = backendPid(admin);
      List<Integer> primers = backendsIn(entry);
      primers.remove(Integer.valueOf(locker));
      assertThat(primers).hasSize(1);
      int primerBackend = primers.get(0);

      Optional<PoolEntry> claimed =
          entries.claim(server.id, ClientSchema.currentVersion(), UUID.randomUUID(), Instant.now());
      assertThat(claimed.map(PoolEntry::id)).contains(entry.id());
      primed.claimed(claimed.orElseThrow());
      CompletableFuture<Optional<Connection>> taken = new CompletableFuture<>();
      Thread seed =
          new Thread(() -> taken.complete(primed.take(entry.id(), entry.login(server))), "seed");
      seed.start();
      try {
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> seed.getState() == Thread.State.TIMED_WAITING);
        assertThat(taken).as("the seed waits while its connection is being primed").isNotDone();

        admin.rollback();
        Optional<Connection> connection = taken.get(10, TimeUnit.SECONDS);
        assertThat(connection).as("the connection the primer opened").isPresent();
        assertThat(backendPid(connection.get())).isEqualTo(primerBackend);
        assertThat(backendsIn(entry))
            .as("one backend besides the test's own")
            .containsExactlyInAnyOrder(primerBackend, locker);
      } finally {
        admin.rollback();
        seed.join(10_000);
        if (taken.isDone()) {
          taken.join().ifPresent(PrimedConnectionsTest::closeQuietly);
        }
      }
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // the database is dropped after the test either way
    }
  }

  /** The backends in the entry's database as its login (the test's own included). */
  private List<Integer> backendsIn(PoolEntry entry) throws SQLException {
    return pids("SELECT pid FROM pg_stat_activity WHERE datname = ? AND usename = ?", entry);
  }

  private int waitingOnLockIn(PoolEntry entry) throws SQLException {
    return pids(
            "SELECT pid FROM pg_stat_activity WHERE datname = ? AND usename = ? AND"
                + " wait_event_type = 'Lock'",
            entry)
        .size();
  }

  private List<Integer> pids(String sql, PoolEntry entry) throws SQLException {
    try (Connection admin = TestDatabases.postgres().connectAdmin("postgres");
        PreparedStatement s = admin.prepareStatement(sql)) {
      s.setString(1, entry.database());
      s.setString(2, entry.login());
      List<Integer> pids = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          pids.add(rs.getInt(1));
        }
      }
      return pids;
    }
  }

  private static int backendPid(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
