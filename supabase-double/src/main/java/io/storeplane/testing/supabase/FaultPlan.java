package io.storeplane.testing.supabase;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** Management API failures scripted by a test, answered in order. */
final class FaultPlan {

  /** One scripted answer: a status, a message and, for 429, the reset seconds. */
  record Fault(int status, String message, long resetSeconds) {}

  private final Deque<Fault> pending = new ArrayDeque<>();
  private final Deque<Fault> afterCreate = new ArrayDeque<>();

  synchronized void rateLimit(int requests, long resetSeconds) {
    for (int i = 0; i < requests; i++) {
      pending.add(new Fault(429, "Rate limit exceeded", resetSeconds));
    }
  }

  synchronized void fail(int requests, int status, String message) {
    for (int i = 0; i < requests; i++) {
      pending.add(new Fault(status, message, 0));
    }
  }

  synchronized void loseCreateAnswers(int creates, int status, String message) {
    for (int i = 0; i < creates; i++) {
      afterCreate.add(new Fault(status, message, 0));
    }
  }

  synchronized Optional<Fault> next() {
    return Optional.ofNullable(pending.poll());
  }

  /** The answer that replaces a create's 201 after the project was made, if one is scripted. */
  synchronized Optional<Fault> nextAfterCreate() {
    return Optional.ofNullable(afterCreate.poll());
  }
}
