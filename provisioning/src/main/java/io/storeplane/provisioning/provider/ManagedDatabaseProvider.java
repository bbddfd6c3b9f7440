package io.storeplane.provisioning.provider;

import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.jobs.LeaseLostException;
import io.storeplane.jobs.StepOutcome;
import io.storeplane.master.schema.SchemaPath;
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.master.server.DatabaseServer;
import io.storeplane.master.store.Store;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.provisioning.database.DatabaseNames;
import io.storeplane.provisioning.pool.PoolEntry;
import io.storeplane.provisioning.pool.WarmPool;
import io.storeplane.provisioning.server.DatabaseServerService;
import io.storeplane.provisioning.server.ServerAdmin;
import io.storeplane.provisioning.server.TemplateDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The platform creates the store's database on one of its managed servers: placed by capacity left,
 * with a dedicated login (same name as the database) whose generated password is stored only
 * sealed. The decisions (server, name) are kept in the job's parameters. What the job creates is
 * flagged there too ({@code createdDatabase}, {@code createdLogin}), and saved in the master before
 * the statement that creates it runs (only when the object is not there yet), so clean-up after a
 * failure or a cancel, even one that follows a crash in the middle of create-database, drops
 * exactly what the job made and nothing else.
 */
public abstract class ManagedDatabaseProvider implements DatabaseProvider {

  static final String SERVER_ID = "serverId";
  static final String DATABASE_NAME = "databaseName";
  static final String CREATED_DATABASE = "createdDatabase";
  static final String CREATED_LOGIN = "createdLogin";

  /** The warm-pool entry the store claimed (its id), once claimed. */
  static final String POOL_ENTRY = "warmPoolEntry";

  /**
   * Whether this run's test-connection chose a warm-pool database (set by every run: a job run
   * again decides again).
   */
  static final String WARM_POOL_CHOSEN = "warmPoolChosen";

  /**
   * What a run keeps in memory ({@link ProvisioningContext#memory}): the server it is placed on.
   */
  private static final String KEPT_SERVER = "server";

  /** What a run keeps in memory: the store's login, once create-database saved it. */
  private static final String KEPT_LOGIN = "storeLogin";

  /** How many warm-pool databases were READY on the server when this run placed the store. */
  private static final String KEPT_READY_IN_POOL = "readyInPoolAtPlacement";

  /** The schema version of the template clone or warm-pool database create-database brought in. */
  static final String CLONED_VERSION = "clonedSchemaVersion";

  private static final Logger LOG = Logger.getLogger(ManagedDatabaseProvider.class);

  private final DatabaseServerService servers;
  private final ConnectionRecords records;
  private final TemplateDatabases templates;
  private final WarmPool pool;

  protected ManagedDatabaseProvider(
      DatabaseServerService servers,
      ConnectionRecords records,
      TemplateDatabases templates,
      WarmPool pool) {
    this.servers = servers;
    this.records = records;
    this.templates = templates;
    this.pool = pool;
  }

  @Override
  public Optional<VerifiedSchema> verifiedSchema(ProvisioningContext context) {
    OptionalInt version = context.number(CLONED_VERSION);
    if (version.isEmpty()) {
      return Optional.empty();
    }
    String source =
        context.text(POOL_ENTRY).isPresent()
            ? "the warm pool"
            : "the template " + DatabaseNames.template(version.getAsInt());
    return Optional.of(new VerifiedSchema(version.getAsInt(), source));
  }

  @Override
  public StepOutcome testConnection(ProvisioningContext context) {
    DatabaseServer server = server(context);
    Optional<String> own = records.databaseName(context.storeId());
    if (context.text(DATABASE_NAME).isEmpty()) {
      context.put(
          DATABASE_NAME,
          own.map(DatabaseNames::requirePlatformName)
              .orElseGet(() -> DatabaseNames.forStore(context.storeSlug())));
    }
    String where =
        "Placed on managed server '%s' (%s:%d)".formatted(server.name, server.host, server.port);
    boolean claimed = context.text(POOL_ENTRY).isPresent();
    boolean claims = !claimed && mayClaim(context, server, own.isPresent());
    context.put(WARM_POOL_CHOSEN, claims);
    if (claimed || claims) {
      // the store takes a database made in advance: create-database needs no admin connection,
      // and seed connects as the entry's own login
      return StepOutcome.done(
          "%s; database from its warm pool, so its admin login is not needed".formatted(where));
    }
    // no warm-pool database to take: when the step runs recorded after (the pool was on), what it
    // wrote in the master (the placement, which locks the engine's server rows) commits first
    context.beforeReachingServer();
    try (Connection connection = servers.adminConnection(server)) {
      String version = ServerAdmin.of(server.engine).version(connection);
      return StepOutcome.done(
          "%s, %s; database %s"
              .formatted(where, version, context.text(DATABASE_NAME).orElseThrow()));
    } catch (SQLException | RuntimeException e) {
      throw DatabaseFailures.translate(adminWhat(server), e);
    }
  }

  /**
   * True while the pool is on and this job has made nothing of its own: test-connection will most
   * likely find a warm-pool database (or the one this job claimed before), place the store and
   * answer from the master alone. A store provisioned again, or a pool found empty, makes it reach
   * the server after all, after {@link ProvisioningContext#beforeReachingServer}.
   */
  @Override
  public boolean testsConnectionInMasterOnly(ProvisioningContext context) {
    return context.text(POOL_ENTRY).isPresent()
        || (pool.on() && !context.flag(CREATED_LOGIN) && !context.flag(CREATED_DATABASE));
  }

  /**
   * True when this run's test-connection found a warm-pool database to claim and the job holds no
   * claim yet: inspect-existing-tables then finds no saved login (nothing to inspect) and
   * create-database claims, both in the master alone. (A job run again after its claim has a saved
   * login, which inspect-existing-tables opens.) If a concurrent claim takes the last database
   * first, create-database falls back to making one, and its start is recorded with its end.
   */
  @Override
  public boolean takesWarmPoolDatabase(ProvisioningContext context) {
    return context.flag(WARM_POOL_CHOSEN);
  }

  /**
   * Whether create-database will most likely claim a warm-pool database: the job has not started a
   * database of its own, the store has none yet ({@code hasDatabase}: a store provisioned again
   * keeps its own), and the pool has one ready on {@code server}; false when it cannot tell.
   */
  private boolean mayClaim(
      ProvisioningContext context, DatabaseServer server, boolean hasDatabase) {
    if (context.flag(CREATED_LOGIN) || context.flag(CREATED_DATABASE) || hasDatabase) {
      return false;
    }
    try {
      // placement read the pool's level in this transaction a moment ago when it placed the store
      Optional<Long> atPlacement = context.kept(KEPT_READY_IN_POOL, Long.class);
      return pool.on() && (atPlacement.isPresent() ? atPlacement.get() : pool.readyOn(server)) > 0;
    } catch (SQLException e) {
      LOG.debugf("Could not read the warm pool of %s: %s", server.name, e.getMessage());
      return false;
    }
  }

  @Override
  public StepOutcome createDatabase(ProvisioningContext context) {
    DatabaseServer server = server(context);
    Optional<StepOutcome> claimed = claimFromPool(context, server);
    if (claimed.isPresent()) {
      return claimed.get();
    }
    String name = context.text(DATABASE_NAME).orElseThrow();
    ServerAdmin admin = ServerAdmin.of(server.engine);
    Optional<DatabaseLogin> saved =
        records.read(context.storeId(), server.engine, DatabaseServerService.guarded(server));
    // when the step runs recorded after (test-connection chose the pool, yet it had none left),
    // what the run wrote in the master so far commits first
    context.beforeReachingServer();
    try (Connection connection = servers.adminConnection(server)) {
      boolean savedMatches = saved.isPresent() && saved.get().database().equals(name);
      if (savedMatches
          && admin.databaseExists(connection, name)
          && admin.loginExists(connection, name)) {
        return StepOutcome.skipped(
            "Database %s and its login already exist on '%s'".formatted(name, server.name));
      }
      SecretString password = SecretString.of(DatabaseNames.password());
      if (!context.flag(CREATED_LOGIN) && !admin.loginExists(connection, name)) {
        context.remember(CREATED_LOGIN, true);
      }
      admin.createOrResetLogin(connection, name, password);
      if (!context.flag(CREATED_DATABASE) && !admin.databaseExists(connection, name)) {
        context.remember(CREATED_DATABASE, true);
      }
      boolean postgres = server.engine == DatabaseEngine.POSTGRESQL;
      Optional<String> template =
          postgres && !admin.databaseExists(connection, name)
              ? templates.ready(connection)
              : Optional.empty();
      boolean created = admin.createDatabase(connection, name, name, template);
      if (created && template.isPresent()) {
        context.put(CLONED_VERSION, ClientSchema.currentVersion());
      }
      if (postgres && !created) {
        // made by this job before: by an earlier release, its objects may not be the login's yet
        templates.finishEarlierHandOver(server, connection, name, name);
      }
      context.keep(
          KEPT_LOGIN, records.saveManaged(context.storeId(), type(), server, name, name, password));
      return StepOutcome.done(
          "%s database %s and its login on '%s' (%s:%d); password generated and sealed"
              .formatted(
                  !created
                      ? "Reused"
                      : template.map(t -> "Cloned from template " + t + ":").orElse("Created"),
                  name,
                  server.name,
                  server.host,
                  server.port));
    } catch (LeaseLostException lost) {
      throw lost; // another worker has the job: it is not a failure of this database
    } catch (SQLException | RuntimeException e) {
      throw DatabaseFailures.translate("Creating database " + name + " on " + server.name, e);
    }
  }

  /**
   * The warm-pool branch of create-database: the entry this store already claimed (a retried step),
   * or a READY one of its server claimed now; empty when the pool has none, when the store already
   * has a database of its own (provisioned again), or when this job started creating one before (it
   * stays on that path). The claimed database and login become the job's (flagged, so clean-up
   * drops them if the job fails) and the store's saved connection; they keep the pool's names.
   */
  private Optional<StepOutcome> claimFromPool(ProvisioningContext context, DatabaseServer server) {
    boolean ownStarted = context.flag(CREATED_LOGIN) || context.flag(CREATED_DATABASE);
    if (ownStarted && context.text(POOL_ENTRY).isEmpty()) {
      return Optional.empty();
    }
    String doing = "Claiming a warm-pool database on " + server.name;
    Optional<PoolEntry> entry;
    try {
      // test-connection chose the pool because the store has no database of its own
      if (!context.flag(WARM_POOL_CHOSEN)
          && pool.claimedBy(context.storeId()).isEmpty()
          && records.databaseName(context.storeId()).isPresent()) {
        return Optional.empty();
      }
      entry = pool.claim(server, context.storeId());
    } catch (SQLException | RuntimeException e) {
      // a claim that committed before the failure (in a create-database whose start was recorded)
      // is found again by the retry; in one recorded after, the failure rolls it back
      throw DatabaseFailures.translate(doing, e);
    }
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    PoolEntry claimed = entry.get();
    context.put(DATABASE_NAME, claimed.database());
    context.put(CLONED_VERSION, claimed.schemaVersion());
    context.put(CREATED_DATABASE, true);
    context.put(CREATED_LOGIN, true);
    // saved with the step's end; on the warm-pool path (create-database recorded after it runs)
    // the claim itself commits with that write too, so a crash before then leaves the entry READY.
    // Otherwise a retried step and a clean-up find the claim by its store
    context.put(POOL_ENTRY, claimed.id().toString());
    context.keep(
        KEPT_LOGIN,
        records.saveManaged(
            context.storeId(),
            type(),
            server,
            claimed.database(),
            claimed.login(),
            claimed.password()));
    return Optional.of(
        StepOutcome.done(
            "Claimed database %s and its login from the warm pool on '%s' (%s:%d), ready at client"
                    .formatted(claimed.database(), server.name, server.host, server.port)
                + " schema version %d; password sealed".formatted(claimed.schemaVersion())));
  }

  /**
   * The store's own login, guarded unless its server is a trusted default: as create-database saved
   * it in this run, or as the master has it.
   */
  @Override
  public DatabaseLogin storeDatabase(ProvisioningContext context) {
    Optional<DatabaseLogin> saved = context.kept(KEPT_LOGIN, DatabaseLogin.class);
    if (saved.isPresent()) {
      return saved.get();
    }
    DatabaseServer server = server(context);
    return records
        .read(context.storeId(), type().engine(), DatabaseServerService.guarded(server))
        .orElseThrow(() -> loginNotSaved(context));
  }

  /**
   * The connection this instance primed into the claimed warm-pool database, when it was opened as
   * the store's saved login.
   */
  @Override
  public Optional<Connection> openedBeforehand(
      ProvisioningContext context, DatabaseLogin database) {
    return context
        .text(POOL_ENTRY)
        .flatMap(entry -> pool.primedConnection(UUID.fromString(entry), database));
  }

  private static ProvisioningException loginNotSaved(ProvisioningContext context) {
    return new ProvisioningException(
        ProvisioningError.PROVISIONING_STEP_FAILED,
        "The login of store " + context.storeSlug() + " was not saved.");
  }

  /** save-connection writes the master alone (below). */
  @Override
  public boolean savesConnectionInMasterOnly() {
    return true;
  }

  /**
   * Records where the store's database lives and hands a warm-pool database over to the store, in
   * one master transaction. The store login was reached by seed, the step before in the same
   * attempt (a job runs every step on every attempt, and a managed store is seeded over JDBC as its
   * own login), so no connection is opened here.
   */
  @Override
  public StepOutcome saveConnection(ProvisioningContext context, int schemaVersion) {
    SchemaPath foundBy =
        context.text(POOL_ENTRY).isPresent()
            ? SchemaPath.WARM_POOL
            : context.number(CLONED_VERSION).isPresent() ? SchemaPath.TEMPLATE : SchemaPath.ADOPTED;
    Optional<ConnectionRecords.SavedLocation> saved;
    try {
      // a later job's clean-up must not take the store's database for its own, and the pool
      // entry no longer needs the login's password
      saved =
          records.recordLocation(
              context.storeId(),
              context.schemaReached(schemaVersion, foundBy, SchemaPath.FLYWAY),
              () -> pool.handOver(context.storeId()));
    } catch (SQLException e) {
      throw DatabaseFailures.translate(
          "Saving the store's connection and handing its warm-pool database over", e);
    }
    ConnectionRecords.SavedLocation location = saved.orElseThrow(() -> loginNotSaved(context));
    return StepOutcome.done(
        "Store login %s reaches %s; connection saved (password sealed) at schema version %d"
            .formatted(location.username(), location.where(), schemaVersion));
  }

  /**
   * Drops the database and the login this job flagged as its own (flagged before they were created,
   * so a crash in between loses nothing) and forgets the saved login unless the store's database is
   * active; never touches a database or login that existed before the job.
   */
  @Override
  public String cleanUp(ProvisioningContext context) {
    Optional<String> serverId = context.text(SERVER_ID);
    Optional<String> name = context.text(DATABASE_NAME);
    // a warm-pool database this store claimed is the job's, flagged or not: a claim made in a
    // create-database whose start was recorded commits on its own, and a crash can come before
    // the job's next write, which saves the server and the flags
    Optional<PoolEntry> claimed;
    try {
      claimed = pool.claimedBy(context.storeId());
    } catch (SQLException e) {
      throw DatabaseFailures.translate("Reading the warm-pool claim of " + context.storeSlug(), e);
    }
    if (claimed.isEmpty() && (serverId.isEmpty() || name.isEmpty())) {
      LOG.infof("Job %s for store %s had created nothing", context.jobId(), context.storeSlug());
      return NOTHING_REMOVED;
    }
    DatabaseServer server =
        servers.get(serverId.map(UUID::fromString).orElseGet(() -> claimed.get().serverId()));
    ServerAdmin admin = ServerAdmin.of(server.engine);
    List<String> removed = new ArrayList<>();
    try (Connection connection = servers.adminConnection(server)) {
      if (claimed.isPresent()) {
        if (admin.dropDatabase(connection, claimed.get().database())) {
          removed.add("database " + claimed.get().database());
        }
        if (admin.dropLogin(connection, claimed.get().login())) {
          removed.add("login " + claimed.get().login());
        }
        pool.forget(context.storeId());
      }
      if (context.flag(CREATED_DATABASE) && name.isPresent()) {
        if (admin.dropDatabase(connection, name.get())) {
          removed.add("database " + name.get());
        }
        context.put(CREATED_DATABASE, false);
        pool.forget(context.storeId()); // a handed-over entry's row names a database now gone
      }
      if (context.flag(CREATED_LOGIN) && name.isPresent()) {
        if (admin.dropLogin(connection, name.get())) {
          removed.add("login " + name.get());
        }
        context.put(CREATED_LOGIN, false);
      }
    } catch (SQLException e) {
      throw DatabaseFailures.translate(
          "Cleaning up database " + name.orElse(claimed.map(PoolEntry::database).orElse("")), e);
    }
    if (!records.active(context.storeId())) {
      records.forget(context.storeId());
    }
    String what = removed.isEmpty() ? NOTHING_REMOVED : "removed " + String.join(" and ", removed);
    LOG.infof(
        "Cleaned up after job %s for store %s on '%s': %s",
        context.jobId(), context.storeSlug(), server.name, what);
    return what;
  }

  @Override
  public String suspend(Store store) {
    onLogin(store, "Locking", ServerAdmin::lockLogin);
    return "Login %s locked and its sessions ended".formatted(store.databaseName);
  }

  @Override
  public String resume(Store store) {
    onLogin(store, "Unlocking", ServerAdmin::unlockLogin);
    return "Login %s unlocked".formatted(store.databaseName);
  }

  /** One admin statement on the store's login, on the server the store is placed on. */
  private void onLogin(Store store, String doing, LoginChange change) {
    DatabaseServer server = placed(store);
    try (Connection connection = servers.adminConnection(server)) {
      change.apply(ServerAdmin.of(server.engine), connection, store.databaseName);
    } catch (SQLException e) {
      throw DatabaseFailures.translate(doing + " the login of " + store.slug, e);
    }
  }

  /** A change a server admin makes to a login. */
  @FunctionalInterface
  private interface LoginChange {
    void apply(ServerAdmin admin, Connection connection, String login) throws SQLException;
  }

  @Override
  public String purge(Store store) {
    DatabaseServer server = placed(store);
    String name = store.databaseName;
    ServerAdmin admin = ServerAdmin.of(server.engine);
    try (Connection connection = servers.adminConnection(server)) {
      boolean database = admin.dropDatabase(connection, name);
      boolean login = admin.dropLogin(connection, name);
      pool.forget(store.id);
      records.forget(store.id);
      return "Database %s %s and login %s"
          .formatted(
              name,
              database ? "dropped" : "was already gone",
              login ? "dropped" : "was already gone");
    } catch (SQLException e) {
      throw DatabaseFailures.translate("Purging database " + name, e);
    }
  }

  private DatabaseServer placed(Store store) {
    if (store.databaseServerId == null || store.databaseName == null) {
      throw new ProvisioningException(
          ProvisioningError.STORE_HAS_NO_DATABASE,
          "Store " + store.slug + " has no managed database.");
    }
    return servers.get(store.databaseServerId);
  }

  /** The server the store is placed on: read (or chosen) once a run. */
  private DatabaseServer server(ProvisioningContext context) {
    return context.kept(
        KEPT_SERVER,
        DatabaseServer.class,
        () -> {
          Optional<String> id = context.text(SERVER_ID);
          if (id.isPresent()) {
            return servers.get(UUID.fromString(id.get()));
          }
          DatabaseServerService.Placement placed =
              servers.place(context.storeId(), type().engine());
          placed.readyInPool().ifPresent(ready -> context.keep(KEPT_READY_IN_POOL, ready));
          context.put(SERVER_ID, placed.server().id.toString());
          return placed.server();
        });
  }

  private static String adminWhat(DatabaseServer server) {
    return "Connecting to managed server '%s' (%s:%d) as %s"
        .formatted(server.name, server.host, server.port, server.adminUsername);
  }
}
