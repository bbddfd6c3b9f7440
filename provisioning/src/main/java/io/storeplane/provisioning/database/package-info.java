/**
 * How the control plane reaches one database, whoever owns it: {@link
 * io.storeplane.provisioning.database.DatabaseLogin} (engine, endpoint, database, login, TLS and
 * whether the outbound guard checks the connection; opens short-lived connections and gives the
 * driver properties the store pools use) and {@link
 * io.storeplane.provisioning.database.DatabaseNames} (the names and passwords the platform gives
 * the databases and logins it creates, checked again before they go into DDL).
 *
 * <p>In the onboarding story a provider answers with the login a store's schema is applied through,
 * a managed server's admin login comes from here too, and once the store is ready the
 * ConnectionManager's pools and the benchmarks connect with the same record. It depends on the
 * outbound guard only, so providers, servers, jobs and {@code connect} can all use it.
 */
package io.storeplane.provisioning.database;
