/**
 * The ConnectionManager: the one way to a store's data.
 *
 * <p>Vocabulary, one name per concept (docs/connection-manager.md has the table):
 *
 * <ul>
 *   <li><b>route</b> ({@link io.storeplane.provisioning.connect.StoreRoute}): what the resolver
 *       read about one store: its id, slug (the pool is named {@code store-<slug>}), access and
 *       stamp;
 *   <li><b>access</b> ({@link io.storeplane.provisioning.connect.RouteAccess}): how a route reaches
 *       the store's data (JDBC, the Data API) or why it cannot (refused);
 *   <li><b>target</b> ({@link io.storeplane.provisioning.database.DatabaseLogin}, {@link
 *       io.storeplane.provisioning.connect.PostgrestTarget}): where the data is;
 *   <li><b>stamp</b> ({@link io.storeplane.provisioning.connect.RouteStamp}): what a route was
 *       built from; a changed stamp makes the cached route stale;
 *   <li><b>resolver</b> ({@link io.storeplane.provisioning.connect.RouteResolver}): reads routes
 *       and stamps (the master database in the application, a map in tests);
 *   <li><b>cached route</b> ({@code CachedRoute}, in the {@code RouteCache}): a route with its
 *       generation and the store's circuit breaker;
 *   <li><b>handle</b> ({@link io.storeplane.provisioning.connect.StoreHandle}): what {@code
 *       forStore} gives callers, holding no connection; its SQL side is {@link
 *       io.storeplane.provisioning.connect.StoreJdbc} ({@code jdbc()}), its table side {@code
 *       tables()};
 *   <li><b>pool</b> ({@code StorePool}, kept by the {@code PoolRegistry}): one store's HikariCP
 *       pool with its leases; a <b>lease</b> (a client-schema {@code LentConnection} from {@code
 *       ConnectionManager.borrow}) is one borrowed connection.
 * </ul>
 *
 * <p>Public API: {@link io.storeplane.provisioning.connect.ConnectionManager} ({@code forStore},
 * {@code master}, {@code invalidate}, {@code status}), {@link
 * io.storeplane.provisioning.connect.StoreHandle} with {@link
 * io.storeplane.provisioning.connect.StoreJdbc} (pooled {@code DataSource}, {@code query}, {@code
 * update}, {@code inTransaction}) and the table API in {@code connect.table}; the settings record
 * {@link io.storeplane.provisioning.connect.PoolSettings}; the resolver SPI {@link
 * io.storeplane.provisioning.connect.RouteResolver} with {@link
 * io.storeplane.provisioning.connect.StoreRoute}, {@link
 * io.storeplane.provisioning.connect.RouteAccess} and {@link
 * io.storeplane.provisioning.connect.RouteStamp}; status records for the admin endpoint.
 *
 * <p>Internal, package-private: the route cache, the pool registry (budget, LRU, draining), the
 * circuit breaker, the SQL failure classification and the metrics. Framework-free; the Quarkus glue
 * is in {@code connect.runtime}. docs/connection-manager.md explains the design.
 */
package io.storeplane.provisioning.connect;
