/**
 * What stores use and what they may use (issue 17): the module's error codes ({@link
 * io.storeplane.billing.BillingError}) and, in feature packages, the request observation hook
 * ({@code request}), API-call metering and the API quota ({@code metering}), the request log
 * ({@code requestlog}), usage rollups read from store databases ({@code rollup}), plan limits on
 * store data writes ({@code limits}) and the usage and business-intelligence reads ({@code
 * report}). Subscriptions over time, the billing run and invoices come later, in this module.
 */
package io.storeplane.billing;
