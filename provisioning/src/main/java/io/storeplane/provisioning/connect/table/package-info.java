/**
 * Table-level access to a store's data, the same for every backend: {@link
 * io.storeplane.provisioning.connect.table.StoreTables} with typed {@link
 * io.storeplane.provisioning.connect.table.Filter}s, {@link
 * io.storeplane.provisioning.connect.table.Order}s and pages ({@link
 * io.storeplane.provisioning.connect.table.TableQuery}, {@link
 * io.storeplane.provisioning.connect.table.RowPage}). Names are checked against the client schema
 * manifest by {@code TableRequests}, shared by both implementations; values are always bound or
 * sent as typed JSON. {@link io.storeplane.provisioning.connect.table.JdbcStoreTables} serves
 * PostgreSQL and MySQL stores (names quoted per {@link
 * io.storeplane.provisioning.connect.table.SqlDialect}), {@link
 * io.storeplane.provisioning.connect.table.PostgrestStoreTables} Supabase stores over their
 * project's Data API, with the same results.
 */
package io.storeplane.provisioning.connect.table;
