package io.storeplane.provisioning.supabase.schema;

import java.util.List;
import java.util.Map;

/**
 * Runs a SQL script (one or more statements) on a store's database as one unit and returns the rows
 * of its last statement. Two channels implement it: the Management API's run-SQL endpoint ({@link
 * io.storeplane.provisioning.supabase.management.SupabaseManagement#sqlRunner(String)}) and plain
 * JDBC to the project's Postgres ({@link JdbcSqlRunner}).
 */
@FunctionalInterface
public interface SqlRunner {

  /**
   * Runs {@code sql}.
   *
   * @return the last statement's rows, column name to value; empty for DDL and DML
   * @throws io.storeplane.provisioning.supabase.SupabaseException {@code SUPABASE_SQL_FAILED} when
   *     the SQL fails, with the SQLSTATE as {@code apiCode}
   */
  List<Map<String, Object>> run(String sql);
}
