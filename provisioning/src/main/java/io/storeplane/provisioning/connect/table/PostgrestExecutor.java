package io.storeplane.provisioning.connect.table;

import io.storeplane.provisioning.supabase.rest.PostgrestClient;
import java.util.function.Function;

/**
 * Runs work with one store's Data API client and turns {@link
 * io.storeplane.provisioning.supabase.SupabaseException}s into the table API's {@link
 * io.storeplane.provisioning.ProvisioningException}s (the store's handle does this, behind the
 * store's circuit breaker).
 */
public interface PostgrestExecutor {

  /** Runs {@code work} with the store's client; the client stays the executor's. */
  <T> T execute(Function<PostgrestClient, T> work);
}
