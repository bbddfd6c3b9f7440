package io.storeplane.billing.request;

/**
 * Told of every answered {@link StoreRequest}, on the thread that answered it (often an event-loop
 * thread): it must return at once, never block, never do I/O and never throw. Implementations are
 * CDI beans; the api module finds them all.
 */
public interface StoreRequestObserver {

  void observed(StoreRequest request);
}
