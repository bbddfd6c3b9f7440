/** Quarkus glue of the warm pool: its beans, configuration and metrics registration. */
package io.storeplane.provisioning.pool.runtime;
