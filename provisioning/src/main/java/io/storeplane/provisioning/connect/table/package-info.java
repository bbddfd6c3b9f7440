/**
 * Table-level access to a store's data, the same for every backend: {@link
 * io.storeplane.provisioning.connect.table.StoreTables} with typed {@link
 * io.storeplane.provisioning.connect.table.Filter}s, {@link
 * io.storeplane.provisioning.connect.table.Order}s and pages ({@link
 * io.storeplane.provisioning.connect.table.TableQuery}, {@link
 * io.storeplane.provisioning.connect.table.RowPage}). Names are checked against the client schema
 * manifest and quoted per {@link io.storeplane.provisioning.connect.table.SqlDialect}; values are
 * always bound. {@link io.storeplane.provisioning.connect.table.JdbcStoreTables} serves PostgreSQL
 * and MySQL stores; a REST implementation for Supabase implements the same interface.
 */
package io.storeplane.provisioning.connect.table;
