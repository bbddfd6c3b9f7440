/**
 * The master database's domain events on the bus: their topics ({@link
 * io.storeplane.bus.master.MasterTopics}) and the relay that publishes each event master-db fires
 * in a transaction ({@link io.storeplane.bus.master.MasterEventRelay}), so every instance hears of
 * it once it commits.
 */
package io.storeplane.bus.master;
