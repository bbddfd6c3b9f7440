package io.storeplane.provisioning.provider;

import io.storeplane.jobs.StepOutcome;
import io.storeplane.master.store.DatabaseType;
import io.storeplane.master.store.Store;
import io.storeplane.provisioning.database.DatabaseLogin;
import java.sql.Connection;
import java.util.Optional;

/**
 * One database option: how a store's database comes to exist and how provisioning reaches it. The
 * job engine calls the methods in step order ({@link io.storeplane.provisioning.job.Step}); every
 * method must be idempotent, because a job whose worker died runs its steps again from the start.
 *
 * <p>The interface fits an asynchronous option (a Supabase project created through a REST API):
 * {@link #createDatabase} may return {@link StepOutcome#waiting}, keeping what it started (a
 * project reference) in {@link ProvisioningContext#parameters()}; the job is re-queued and the step
 * is called again until it is done.
 */
public interface DatabaseProvider {

  /** What {@link #cleanUp} says when the job had created nothing that is still there. */
  String NOTHING_REMOVED = "nothing to remove";

  /** The option this provider implements. */
  DatabaseType type();

  /** Whether this build can provision this option; a provider that cannot says why in the error. */
  default boolean available() {
    return true;
  }

  /** Checks that the server answers and the login works. */
  StepOutcome testConnection(ProvisioningContext context);

  /** Makes the database exist (and its login); {@link StepOutcome#skipped} when it already does. */
  StepOutcome createDatabase(ProvisioningContext context);

  /**
   * Whether this run's test-connection will most likely reach only the master database: it places
   * the store and finds a database made in advance (a warm-pool database) to take, so it needs no
   * admin login. Known from memory, before the step runs; a guess that turns out wrong costs a
   * commit: a provider that answers true calls {@link ProvisioningContext#beforeReachingServer} in
   * test-connection before it reaches a server. Default: never.
   */
  default boolean testsConnectionInMasterOnly(ProvisioningContext context) {
    return false;
  }

  /**
   * Whether this run's test-connection chose a database made in advance (a warm-pool database),
   * which inspect-existing-tables and create-database then take from the master database alone,
   * reaching no database server. Known from the job's parameters, without a query. Default: never.
   */
  default boolean takesWarmPoolDatabase(ProvisioningContext context) {
    return false;
  }

  /**
   * The schema {@link #createDatabase} brought in whole and already checked (a template clone, a
   * warm-pool database); empty when it made an empty database (the default).
   */
  default Optional<VerifiedSchema> verifiedSchema(ProvisioningContext context) {
    return Optional.empty();
  }

  /**
   * The provider's own way to inspect, migrate and seed the store's schema, when JDBC to {@link
   * #storeDatabase} is not it; empty (the default) means the engine uses Flyway and the JDBC seeder
   * on {@link #storeDatabase}.
   */
  default Optional<SchemaChannel> schemaChannel(ProvisioningContext context) {
    return Optional.empty();
  }

  /** Where the store's schema goes, with the store's own login; valid after createDatabase. */
  DatabaseLogin storeDatabase(ProvisioningContext context);

  /**
   * A connection opened as exactly {@code database} (the store's saved login) before this step
   * needed it (a warm-pool entry's, primed before its claim), the caller's to use and close; empty
   * (the default) when there is none and the caller opens {@code database} itself.
   */
  default Optional<Connection> openedBeforehand(
      ProvisioningContext context, DatabaseLogin database) {
    return Optional.empty();
  }

  /** Records the connection as verified and where the database lives on the store. */
  StepOutcome saveConnection(ProvisioningContext context, int schemaVersion);

  /**
   * Whether {@link #saveConnection} only writes the master database (the store's database was
   * reached by the steps before it). Default: no (Supabase's waits for the project's Data API).
   */
  default boolean savesConnectionInMasterOnly() {
    return false;
  }

  /**
   * After a failed or cancelled job: removes what this job created (never anything that existed
   * before it), even when the job's worker died in the middle of creating it. Must tolerate being
   * called when nothing was created.
   *
   * @return what was removed, for the job's last message (e.g. {@code removed database x and login
   *     x}, or {@code nothing to remove})
   */
  String cleanUp(ProvisioningContext context);

  /** Stops the store's login from connecting (managed) or disconnects the store (existing). */
  String suspend(Store store);

  /**
   * Undoes {@link #suspend}: lets the store's login connect again (managed) or reconnects the store
   * (existing, Supabase). Idempotent: resuming a login that is not locked changes nothing.
   */
  String resume(Store store);

  /** Drops the managed database and login, or forgets an existing database's connection. */
  String purge(Store store);
}
