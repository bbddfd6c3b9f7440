package io.storeplane.provisioning.connect;

import io.storeplane.provisioning.ProvisioningException;

/**
 * What a failed call to a store's backend means: the error its caller gets, and whether the failure
 * counts against the store for its circuit breaker (the backend could not be reached or did not
 * answer) or not (the backend answered and refused the request).
 *
 * @param failure the error for the caller, naming the store
 * @param counts whether it counts for the breaker
 */
record Verdict(ProvisioningException failure, boolean counts) {}
