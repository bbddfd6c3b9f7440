/**
 * Quarkus glue of the job engine: configuration, JTA transactions, the producers, job changes on
 * the bus and the live watches of jobs that status streams (the REST API's and the console's)
 * share.
 */
package io.storeplane.jobs.runtime;
