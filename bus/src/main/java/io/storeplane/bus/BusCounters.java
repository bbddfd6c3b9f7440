package io.storeplane.bus;

/**
 * What one instance's bus has done since it was made, as a snapshot.
 *
 * @param published events this instance published (inserted and notified; delivered to others only
 *     if the publishing transaction committed)
 * @param deliveredLocally events this instance published and delivered to its own subscribers
 * @param deliveredByNotify other instances' events delivered here through their notification
 * @param deliveredByBackstop other instances' events delivered here by the backstop, their
 *     notification having been missed
 * @param backstopRuns reads of the recent rows, after each (re)connect and periodic
 * @param reconnects listening connections made after the first
 * @param handlerFailures subscriber calls that threw (logged, the other subscribers still called)
 */
public record BusCounters(
    long published,
    long deliveredLocally,
    long deliveredByNotify,
    long deliveredByBackstop,
    long backstopRuns,
    long reconnects,
    long handlerFailures) {}
