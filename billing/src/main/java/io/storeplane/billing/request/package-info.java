/**
 * The hook every store request passes through once it is answered: the api module builds one {@link
 * io.storeplane.billing.request.StoreRequest} per request that concerns a store and hands it to
 * every {@link io.storeplane.billing.request.StoreRequestObserver} (metering, the request log).
 * Observers never block and never fail the request.
 */
package io.storeplane.billing.request;
