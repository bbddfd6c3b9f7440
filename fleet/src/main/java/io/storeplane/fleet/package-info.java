/**
 * Operations on existing stores' databases across the fleet (issue 19), in feature packages: the
 * ledger of every store's schema version, rollouts in waves, preflight, drift against the expected
 * catalog, and the reconciler of managed servers with the registry. Provisioning creates a store's
 * database; this module moves the databases that exist.
 */
package io.storeplane.fleet;
