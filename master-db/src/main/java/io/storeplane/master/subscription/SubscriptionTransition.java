package io.storeplane.master.subscription;

import static io.storeplane.master.subscription.SubscriptionStatus.ACTIVE;
import static io.storeplane.master.subscription.SubscriptionStatus.CANCELED;
import static io.storeplane.master.subscription.SubscriptionStatus.PAST_DUE;
import static io.storeplane.master.subscription.SubscriptionStatus.TRIALING;

import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A subscription's state machine, as data: each transition, the statuses it may start from ({@code
 * null} standing for "no subscription yet") and the status it leads to. Any other move is refused
 * ({@code subscription-transition-refused}, 409). A store's {@code subscription_status} mirrors its
 * open subscription and is written only from a status this machine produced.
 */
public enum SubscriptionTransition {
  /** A new subscription on a plan with a running trial. */
  START_TRIAL(Set.of(), true, TRIALING),
  /** A new subscription without a trial. */
  START(Set.of(), true, ACTIVE),
  /** The trial ended or a late payment arrived. */
  ACTIVATE(EnumSet.of(TRIALING, PAST_DUE, ACTIVE), false, ACTIVE),
  /** A payment failed (billing). */
  FALL_PAST_DUE(EnumSet.of(ACTIVE, PAST_DUE), false, PAST_DUE),
  /** Closed: a plan change replaces it, or the store leaves. */
  CANCEL(EnumSet.of(TRIALING, ACTIVE, PAST_DUE), false, CANCELED);

  private final Set<SubscriptionStatus> from;
  private final boolean fromNothing;
  private final SubscriptionStatus to;

  SubscriptionTransition(Set<SubscriptionStatus> from, boolean fromNothing, SubscriptionStatus to) {
    this.from = from;
    this.fromNothing = fromNothing;
    this.to = to;
  }

  public SubscriptionStatus to() {
    return to;
  }

  /** Whether the transition may start from {@code status} ({@code null}: no subscription yet). */
  public boolean allowedFrom(SubscriptionStatus status) {
    return status == null ? fromNothing : from.contains(status);
  }

  /**
   * The status after this transition from {@code status}.
   *
   * @throws MasterDataException {@code SUBSCRIPTION_TRANSITION_REFUSED}
   */
  public SubscriptionStatus apply(SubscriptionStatus status) {
    if (!allowedFrom(status)) {
      throw new MasterDataException(
          MasterError.SUBSCRIPTION_TRANSITION_REFUSED,
          "A subscription cannot %s from %s."
              .formatted(
                  name().toLowerCase(Locale.ROOT).replace('_', ' '),
                  status == null ? "nothing" : status.name().toLowerCase(Locale.ROOT)));
    }
    return to;
  }

  /** How a subscription starts: trialing while a trial runs, else active. */
  public static SubscriptionTransition start(boolean trialing) {
    return trialing ? START_TRIAL : START;
  }
}
