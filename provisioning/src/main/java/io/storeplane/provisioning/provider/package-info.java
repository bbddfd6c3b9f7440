/**
 * Database providers: one per database option a store can be onboarded with.
 *
 * <p>In the onboarding story the job engine (package {@code job}) knows the order of the steps; a
 * {@link io.storeplane.provisioning.provider.DatabaseProvider} knows how each step is done for its
 * option: connect a database the merchant already has ({@link
 * io.storeplane.provisioning.provider.ExistingDatabaseProvider}: PostgreSQL or MySQL, always
 * through the outbound guard), create one on a platform-managed server ({@link
 * io.storeplane.provisioning.provider.ManagedDatabaseProvider}, placed and created through package
 * {@code server}), or create a Supabase project ({@link
 * io.storeplane.provisioning.provider.SupabaseProvider}, whose SQL goes through a {@link
 * io.storeplane.provisioning.provider.SchemaChannel}). A provider answers with the {@link
 * io.storeplane.provisioning.database.DatabaseLogin} the schema is applied through, keeps its
 * decisions in the job's parameters ({@link
 * io.storeplane.provisioning.provider.ProvisioningContext}) so a resumed job makes the same ones,
 * and saves the store's connection in the master database ({@link
 * io.storeplane.provisioning.provider.ConnectionRecords}). {@link
 * io.storeplane.provisioning.provider.ConnectionCheck} tests a connection without changing
 * anything; {@link io.storeplane.provisioning.provider.DatabaseFailures} turns driver errors into
 * stable codes.
 */
package io.storeplane.provisioning.provider;
