package io.storeplane.master.store;

import java.util.UUID;

/**
 * A store's record changed in a way that concerns who may reach its database and how: its status,
 * its database status or connection, its plan, its suspension. Fired through CDI inside the
 * transaction that made the change; observe it with {@code @Observes(during =
 * TransactionPhase.AFTER_SUCCESS)} to act only once the change committed.
 *
 * @param storeId the store that changed
 */
public record StoreChanged(UUID storeId) {}
