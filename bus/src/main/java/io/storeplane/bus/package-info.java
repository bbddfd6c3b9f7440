/**
 * The bus, free of any framework: {@link io.storeplane.bus.Bus} publishes a {@link
 * io.storeplane.bus.Topic}'s events into the master's {@code bus_events} table and NOTIFYs them in
 * the publisher's transaction, and carries the events other instances committed to this instance's
 * subscribers, through one listening connection with a periodic read of the table as backstop. The
 * Quarkus glue (JTA, CDI, configuration) is in {@code io.storeplane.bus.runtime}.
 */
package io.storeplane.bus;
