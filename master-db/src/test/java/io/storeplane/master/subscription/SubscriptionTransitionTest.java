package io.storeplane.master.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import org.junit.jupiter.api.Test;

class SubscriptionTransitionTest {

  @Test
  void aSubscriptionStartsTrialingOrActive() {
    assertThat(SubscriptionTransition.start(true).apply(null))
        .isEqualTo(SubscriptionStatus.TRIALING);
    assertThat(SubscriptionTransition.start(false).apply(null))
        .isEqualTo(SubscriptionStatus.ACTIVE);
  }

  @Test
  void aCanceledSubscriptionStaysCanceled() {
    for (SubscriptionTransition transition : SubscriptionTransition.values()) {
      assertThat(transition.allowedFrom(SubscriptionStatus.CANCELED))
          .as(transition.name())
          .isFalse();
    }
    assertThatThrownBy(() -> SubscriptionTransition.CANCEL.apply(SubscriptionStatus.CANCELED))
        .isInstanceOf(MasterDataException.class)
        .extracting(e -> ((MasterDataException) e).code())
        .isEqualTo(MasterError.SUBSCRIPTION_TRANSITION_REFUSED);
  }

  @Test
  void anOpenSubscriptionIsNotStartedTwice() {
    assertThat(SubscriptionTransition.START.allowedFrom(SubscriptionStatus.ACTIVE)).isFalse();
    assertThat(SubscriptionTransition.FALL_PAST_DUE.allowedFrom(SubscriptionStatus.TRIALING))
        .isFalse();
    assertThat(SubscriptionTransition.ACTIVATE.apply(SubscriptionStatus.PAST_DUE))
        .isEqualTo(SubscriptionStatus.ACTIVE);
  }
}
