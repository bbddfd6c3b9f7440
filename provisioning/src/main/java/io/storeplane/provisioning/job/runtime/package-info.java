/**
 * Quarkus glue of the job engine: the producer of the {@link
 * io.storeplane.provisioning.job.JobRunner} and {@link io.storeplane.provisioning.job.JobEngine}
 * beans ({@link io.storeplane.provisioning.job.runtime.JobEngineProducer}), as {@code
 * connect.runtime} produces the ConnectionManager. The application's scheduler drives the engine.
 */
package io.storeplane.provisioning.job.runtime;
