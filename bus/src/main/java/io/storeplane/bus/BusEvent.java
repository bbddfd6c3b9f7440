package io.storeplane.bus;

/**
 * One event as it travels: the row of {@code bus_events} and the notification carry the same.
 *
 * @param seq the event's number, unique across the cluster
 * @param topic the topic's name
 * @param origin the id of the instance that published it
 * @param payload the event as JSON
 */
record BusEvent(long seq, String topic, String origin, String payload) {}
