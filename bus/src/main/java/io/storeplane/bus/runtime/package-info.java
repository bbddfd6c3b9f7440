/**
 * Quarkus glue of the bus: {@link io.storeplane.bus.runtime.EventBus} publishes in the caller's JTA
 * transaction and delivers to this instance's subscribers once it commits, starts the listener at
 * startup with the master database's settings, and reads {@code storeplane.bus.*} ({@link
 * io.storeplane.bus.runtime.BusConfig}).
 */
package io.storeplane.bus.runtime;
