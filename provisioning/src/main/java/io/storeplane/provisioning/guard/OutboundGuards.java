package io.storeplane.provisioning.guard;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The process-wide {@link OutboundGuard} that the JDBC socket factories consult. JDBC drivers
 * create socket factories by class name, so the factories cannot be handed a guard; they read it
 * from here at every connect.
 *
 * <p><b>Fails closed.</b> Until {@link #install(OutboundGuard)} is called the holder contains
 * {@link OutboundGuard#strict()}, the production policy: a forgotten install denies loopback and
 * private addresses rather than allowing everything. The application installs its configured guard
 * at startup ({@code OutboundGuardInstaller}); tests install their own and restore the previous one
 * afterwards:
 *
 * <pre>{@code
 * OutboundGuard previous = OutboundGuards.install(testGuard);
 * try { ... } finally { OutboundGuards.install(previous); }
 * }</pre>
 */
public final class OutboundGuards {

  private static final AtomicReference<OutboundGuard> CURRENT =
      new AtomicReference<>(OutboundGuard.strict());

  private OutboundGuards() {}

  /** The guard in force. */
  public static OutboundGuard current() {
    return CURRENT.get();
  }

  /**
   * Puts {@code guard} in force for every connection opened from now on.
   *
   * @return the guard it replaces
   */
  public static OutboundGuard install(OutboundGuard guard) {
    return CURRENT.getAndSet(Objects.requireNonNull(guard, "guard"));
  }
}
