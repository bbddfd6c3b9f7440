/**
 * Where the Supabase clients come from: {@link
 * io.storeplane.provisioning.supabase.runtime.SupabaseClients} builds the Management API client and
 * a Data API client per project with Quarkus' REST client builder, the configured timeouts and the
 * retry policy. It sits above {@code management} and {@code rest}, which share only the root
 * package's plumbing (errors, JSON, retries, keys), so the packages import each other in one
 * direction.
 */
package io.storeplane.provisioning.supabase.runtime;
