/** Quarkus glue of the job engine: configuration, JTA transactions, the producers. */
package io.storeplane.jobs.runtime;
