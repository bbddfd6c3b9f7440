package io.storeplane.provisioning.provider;

import io.storeplane.master.store.DatabaseType;
import io.storeplane.master.store.Store;
import io.storeplane.provisioning.ErrorCode;
import io.storeplane.provisioning.ProvisioningException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The {@code supabase} option is part of the API but not offered by this build: {@link
 * #available()} is false, so requests for it are refused with {@link
 * ErrorCode#DATABASE_OPTION_NOT_AVAILABLE} before any job exists, and every method refuses the same
 * way should one be reached.
 */
@ApplicationScoped
public class SupabaseProvider implements DatabaseProvider {

  @Override
  public DatabaseType type() {
    return DatabaseType.SUPABASE;
  }

  @Override
  public boolean available() {
    return false;
  }

  @Override
  public StepResult testConnection(ProvisioningContext context) {
    throw notAvailable();
  }

  @Override
  public StepResult createDatabase(ProvisioningContext context) {
    throw notAvailable();
  }

  @Override
  public StoreDatabase storeDatabase(ProvisioningContext context) {
    throw notAvailable();
  }

  @Override
  public StepResult saveConnection(ProvisioningContext context, int schemaVersion) {
    throw notAvailable();
  }

  @Override
  public void cleanUp(ProvisioningContext context) {}

  @Override
  public String suspend(Store store) {
    throw notAvailable();
  }

  @Override
  public String purge(Store store) {
    throw notAvailable();
  }

  /** The error every supabase request gets. */
  public static ProvisioningException notAvailable() {
    return new ProvisioningException(
        ErrorCode.DATABASE_OPTION_NOT_AVAILABLE,
        "The supabase database option is not available yet; use managed-postgresql,"
            + " managed-mysql, postgresql or mysql.");
  }
}
