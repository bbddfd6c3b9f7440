/**
 * The ConnectionManager: the one way to a store's data.
 *
 * <p>Public API: {@link io.storeplane.provisioning.connect.ConnectionManager} ({@code forStore},
 * {@code master}, {@code invalidate}, {@code status}), {@link
 * io.storeplane.provisioning.connect.StoreHandle} with {@link
 * io.storeplane.provisioning.connect.StoreJdbc} (pooled {@code DataSource}, {@code query}, {@code
 * update}, {@code inTransaction}) and the table API in {@code connect.table}; the settings record
 * {@link io.storeplane.provisioning.connect.PoolSettings}; the resolver SPI {@link
 * io.storeplane.provisioning.connect.StoreConnectionResolver} with {@link
 * io.storeplane.provisioning.connect.ResolvedStore}, {@link
 * io.storeplane.provisioning.connect.StoreAccess}, {@link
 * io.storeplane.provisioning.connect.StoreStamp} and {@link
 * io.storeplane.provisioning.database.DatabaseLogin}; status records for the admin endpoint.
 *
 * <p>Internal, package-private: the route cache, the pool registry (budget, LRU, draining), the
 * circuit breaker, the SQL failure classification and the metrics. Framework-free; the Quarkus glue
 * is in {@code connect.runtime}. docs/connection-manager.md explains the design.
 */
package io.storeplane.provisioning.connect;
