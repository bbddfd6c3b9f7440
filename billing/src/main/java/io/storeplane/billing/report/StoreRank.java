package io.storeplane.billing.report;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * One store's place in the store analytics over a range.
 *
 * @param rank 1 for the first store by the ranking asked for
 * @param storeId the store
 * @param slug its slug
 * @param name its name
 * @param plan the plan it is on now
 * @param apiCalls API calls in the range
 * @param orders orders in the range
 * @param revenue their value
 * @param callsGrowth the second half of the range's API calls against the first half's, in percent
 *     (one decimal); null when the first half had none
 * @param ordersGrowth the same for orders
 */
public record StoreRank(
    long rank,
    UUID storeId,
    String slug,
    String name,
    String plan,
    long apiCalls,
    long orders,
    BigDecimal revenue,
    Double callsGrowth,
    Double ordersGrowth) {}
