package io.storeplane.bus;

/** A subscriber's registration on the bus; closing it unsubscribes (once, idempotently). */
public interface Subscription extends AutoCloseable {

  /** Stops delivering events to this subscriber. */
  @Override
  void close();
}
