package io.storeplane.provisioning.connect;

import io.storeplane.provisioning.supabase.rest.PostgrestClient;

/**
 * Builds the Data API client of a Supabase store. The application's builds it with {@link
 * io.storeplane.provisioning.supabase.runtime.SupabaseClients#dataApi} and the pools' connect and
 * query timeouts, without retries; the {@link ConnectionManager} builds one per route and closes it
 * when the route's connection changes or the client has been idle for the idle timeout.
 */
@FunctionalInterface
public interface PostgrestClientFactory {

  /**
   * A new client for {@code target}.
   *
   * @throws io.storeplane.provisioning.supabase.SupabaseException {@code
   *     supabase-invalid-project-url}
   * @throws io.storeplane.provisioning.guard.OutboundConnectionDeniedException when the outbound
   *     policy denies the project's host
   */
  PostgrestClient open(PostgrestTarget target);
}
