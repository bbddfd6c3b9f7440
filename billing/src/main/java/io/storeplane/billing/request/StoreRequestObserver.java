package io.storeplane.billing.request;

/**
 * Told of every answered {@link StoreRequest}, on the thread that answered it (often an event-loop
 * thread): it must return at once, never block, never do I/O and never throw. Implementations are
 * CDI beans of any scope; the api module looks them all up once, on the first answered request (so
 * an observer may need runtime configuration or the master's pool when it is created).
 */
public interface StoreRequestObserver {

  void observed(StoreRequest request);

  /**
   * Whether this observer wants to be told of requests at all (its feature is on); asked once, when
   * the observers are looked up. When none wants them, a request builds no {@link StoreRequest}.
   */
  default boolean active() {
    return true;
  }
}
