/**
 * Supabase integration: the Management API and the Data API (PostgREST) as MicroProfile REST
 * clients with typed errors, timeouts and bounded retries, and the schema channel that applies the
 * client schema to a Supabase project.
 *
 * <ul>
 *   <li>{@link io.storeplane.provisioning.supabase.runtime.SupabaseClients}: where clients come
 *       from (configured by {@link io.storeplane.provisioning.supabase.SupabaseConfig}).
 *   <li>{@link io.storeplane.provisioning.supabase.management.SupabaseManagement}: projects,
 *       health, API keys, run-SQL; {@link
 *       io.storeplane.provisioning.supabase.management.ProjectWaiter} waits for a new project.
 *   <li>{@link io.storeplane.provisioning.supabase.rest.PostgrestClient}: one store's tables over
 *       PostgREST.
 *   <li>{@link io.storeplane.provisioning.supabase.schema.SupabaseSchemaChannel}: the client schema
 *       through run-SQL or JDBC, tracked in a Flyway-compatible history.
 *   <li>{@link io.storeplane.provisioning.supabase.SupabaseException}: every failure, typed by a
 *       {@code SUPABASE_*} {@link io.storeplane.provisioning.ProvisioningError}.
 * </ul>
 *
 * docs/supabase.md describes the flows, header rules and error mapping, and which behaviours were
 * verified only against the Supabase double and WireMock.
 */
package io.storeplane.provisioning.supabase;
