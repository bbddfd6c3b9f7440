/**
 * A store's plan terms, defined once: which plan it is on, each limit with its {@code HARD} or
 * {@code SOFT} mode ({@link io.storeplane.billing.plan.PlanTerms}), how they are read from the
 * master ({@link io.storeplane.billing.plan.PlanTermsReader}, whose columns every query that needs
 * them selects beside its own usage figures), and the one rule by which storage is measured against
 * a limit in MiB ({@link io.storeplane.billing.plan.Storage}). Plan limits on writes ({@code
 * limits}), the API quota ({@code metering}), the usage API ({@code report}) and the usage rollup
 * ({@code rollup}) use these; this package uses none of them.
 */
package io.storeplane.billing.plan;
