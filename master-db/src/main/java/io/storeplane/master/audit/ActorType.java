package io.storeplane.master.audit;

/** Who did something. */
public enum ActorType {
  USER,
  TOKEN,
  SYSTEM,
  ANONYMOUS
}
