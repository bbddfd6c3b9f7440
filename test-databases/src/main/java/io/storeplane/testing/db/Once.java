package io.storeplane.testing.db;

import java.util.function.Supplier;

/** Computes a value once, on first use, and remembers a failure too. */
final class Once<T> {
  private final Supplier<T> supplier;
  private T value;
  private RuntimeException failure;

  Once(Supplier<T> supplier) {
    this.supplier = supplier;
  }

  synchronized T get() {
    if (value == null && failure == null) {
      try {
        value = supplier.get();
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw failure;
    }
    return value;
  }
}
