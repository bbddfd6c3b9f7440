/**
 * Plan limits on store data writes (issue 17, part 4): before the store data API inserts a row,
 * {@link io.storeplane.billing.limits.PlanLimits} checks the hard limits of the store's plan
 * (products, orders this UTC month, storage) and refuses a write that would pass one with 402
 * {@code plan-limit-exceeded} ({@link io.storeplane.billing.limits.PlanLimitException}). Products
 * and orders are live counts in the store's own database, cached per store for {@code
 * storeplane.limits.usage-cache} with this instance's own creates added ({@link
 * io.storeplane.billing.limits.LiveCount}); storage is the last figure the usage rollup wrote.
 * docs/usage.md, "Plan limits", gives the overshoot bound of each.
 */
package io.storeplane.billing.limits;
