package io.storeplane.provisioning.connect.table;

import io.storeplane.clientschema.TypeKind;
import io.storeplane.clientschema.manifest.ColumnSpec;
import io.storeplane.clientschema.manifest.TableSpec;
import io.storeplane.provisioning.connect.table.TableRequests.Condition;
import io.storeplane.provisioning.connect.table.TableRequests.SortKey;
import io.storeplane.provisioning.supabase.rest.PostgrestFilter;
import io.storeplane.provisioning.supabase.rest.PostgrestOrder;
import io.storeplane.provisioning.supabase.rest.Query;
import java.util.List;

/**
 * Checked conditions and sort keys in PostgREST's terms ({@code column=op.value}, {@code
 * order=column.asc}); the operands were converted to their columns' kinds by {@link TableRequests}
 * and are written as PostgREST text by the Data API layer.
 */
final class PostgrestQueries {

  private PostgrestQueries() {}

  static List<PostgrestFilter> filters(List<Condition> conditions) {
    return conditions.stream().map(PostgrestQueries::filter).toList();
  }

  static List<PostgrestOrder> orders(List<SortKey> keys) {
    return keys.stream()
        .map(
            key ->
                key.descending()
                    ? PostgrestOrder.desc(key.column().name())
                    : PostgrestOrder.asc(key.column().name()))
        .toList();
  }

  /**
   * {@code query} ordered by every sortable column of the table: paging needs a stable order, and a
   * table without {@code id} (the join tables) read without a caller's order has no other; its key
   * is among those columns.
   */
  static Query byEveryColumn(TableSpec table, Query query) {
    Query ordered = query;
    for (ColumnSpec column : table.columns()) {
      if (column.kind() != TypeKind.JSON && column.kind() != TypeKind.OTHER) {
        ordered = ordered.orderBy(PostgrestOrder.asc(column.name()));
      }
    }
    return ordered;
  }

  private static PostgrestFilter filter(Condition condition) {
    String column = condition.column().name();
    Object operand = condition.operand();
    return switch (condition.op()) {
      case EQ -> PostgrestFilter.eq(column, operand);
      case NE -> PostgrestFilter.neq(column, operand);
      case LT -> PostgrestFilter.lt(column, operand);
      case LTE -> PostgrestFilter.lte(column, operand);
      case GT -> PostgrestFilter.gt(column, operand);
      case GTE -> PostgrestFilter.gte(column, operand);
      case IN -> PostgrestFilter.in(column, (List<?>) operand);
      case IS_NULL ->
          (Boolean) operand ? PostgrestFilter.isNull(column) : PostgrestFilter.isNotNull(column);
      // PostgREST documents '*' as its LIKE wildcard; '_' reaches LIKE unchanged.
      case LIKE -> PostgrestFilter.like(column, ((String) operand).replace('%', '*'));
    };
  }
}
