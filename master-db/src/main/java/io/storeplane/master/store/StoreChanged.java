package io.storeplane.master.store;

import java.util.UUID;

/**
 * A store's record changed in a way that concerns who may reach its database and how: its status,
 * its database status or connection, its plan, its suspension. Fired through CDI inside the
 * transaction that made the change; observe it with {@code @Observes(during =
 * TransactionPhase.AFTER_SUCCESS)} to act only once the change committed.
 *
 * @param storeId the store that changed
 * @param dataServed whether the store's data may be served after the change ({@link
 *     StoreLifecycle#servesData}); false while it is suspended, deleted or its database suspended,
 *     when whoever holds connections to its database should give them up
 */
public record StoreChanged(UUID storeId, boolean dataServed) {}
