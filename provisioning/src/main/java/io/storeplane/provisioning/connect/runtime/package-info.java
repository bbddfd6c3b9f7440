/**
 * Quarkus glue of the ConnectionManager: {@code storeplane.pools.*} ({@link
 * io.storeplane.provisioning.connect.runtime.PoolsConfig}), the master-database resolver ({@link
 * io.storeplane.provisioning.connect.runtime.MasterRouteResolver}) and the producer.
 */
package io.storeplane.provisioning.connect.runtime;
