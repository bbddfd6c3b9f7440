package io.storeplane.billing.report;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Usage of one plan's stores on one UTC day.
 *
 * @param date the day
 * @param plan the plan code (the plan each store was on that day)
 * @param stores stores with a usage row that day
 * @param activeStores of which made at least one API call or took at least one order
 * @param apiCalls their API calls
 * @param orders their orders
 * @param revenue the orders' value
 * @param storageBytes their storage (rolled-up days; 0 for a store not rolled up that day)
 */
public record PlanDay(
    LocalDate date,
    String plan,
    int stores,
    int activeStores,
    long apiCalls,
    long orders,
    BigDecimal revenue,
    long storageBytes) {}
