package io.storeplane.master.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.storeplane.error.ErrorKind;
import io.storeplane.master.MasterError;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The lifecycle's tables read as the issue states them. */
class StoreTransitionTest {

  @Test
  void aSuspendedDatabaseIsNotProvisionedAgainUntilItIsResumed() {
    assertThat(StoreTransition.REQUEST_DATABASE.databaseTo(DatabaseStatus.SUSPENDED)).isEmpty();
    assertThat(StoreTransition.RESUME_DATABASE.databaseTo(DatabaseStatus.SUSPENDED))
        .contains(DatabaseStatus.ACTIVE);
    assertThat(StoreTransition.REQUEST_DATABASE.databaseTo(DatabaseStatus.ACTIVE))
        .contains(DatabaseStatus.ACTIVE);
    assertThat(StoreTransition.REQUEST_DATABASE.databaseTo(DatabaseStatus.FAILED))
        .contains(DatabaseStatus.PROVISIONING);
  }

  @Test
  void onlyAReadyDatabaseIsSuspended() {
    assertThat(StoreTransition.SUSPEND_DATABASE.databaseTo(DatabaseStatus.ACTIVE))
        .contains(DatabaseStatus.SUSPENDED);
    assertThat(StoreTransition.SUSPEND_DATABASE.databaseTo(DatabaseStatus.FAILED)).isEmpty();
    assertThat(StoreTransition.SUSPEND_DATABASE.databaseTo(DatabaseStatus.PROVISIONING)).isEmpty();
    assertThat(StoreTransition.SUSPEND_DATABASE.databaseTo(DatabaseStatus.NONE)).isEmpty();
  }

  @Test
  void aJobNeverLiftsASuspension() {
    for (StoreTransition job :
        new StoreTransition[] {
          StoreTransition.JOB_SUCCEEDED,
          StoreTransition.JOB_FAILED,
          StoreTransition.JOB_STOPPED,
          StoreTransition.JOB_STOPPED_EMPTY
        }) {
      assertThat(job.databaseTo(DatabaseStatus.SUSPENDED))
          .as(job.name())
          .contains(DatabaseStatus.SUSPENDED);
    }
  }

  @Test
  void aDeletedStoreIsNeitherSuspendedNorResumed() {
    assertThat(StoreTransition.SUSPEND.storeFrom()).doesNotContain(StoreStatus.DELETED);
    assertThat(StoreTransition.LIFT.storeFrom()).doesNotContain(StoreStatus.DELETED);
    assertThat(StoreTransition.DELETE.storeFrom()).contains(StoreStatus.DELETED);
  }

  @Test
  void everyReasonSaysWhatItRefusesAndWhoLiftsIt() {
    assertThat(SuspensionReason.ADMIN.storeCallsRefusal()).contains(MasterError.STORE_SUSPENDED);
    assertThat(MasterError.STORE_SUSPENDED.kind()).isEqualTo(ErrorKind.FORBIDDEN);
    assertThat(SuspensionReason.ADMIN.disablesDatabaseLogins()).isFalse();
    assertThat(SuspensionReason.ADMIN.liftableBy(SuspensionLifter.PAYMENT)).isFalse();
    assertThat(SuspensionReason.DATABASE_DEPROVISIONED.suspendsStore()).isFalse();
    assertThat(SuspensionReason.DATABASE_DEPROVISIONED.storeCallsRefusal()).isEmpty();
    assertThat(SuspensionReason.DATABASE_DEPROVISIONED.disablesDatabaseLogins()).isTrue();
    assertThat(Arrays.stream(SuspensionReason.values()))
        .allSatisfy(
            reason -> {
              assertThat(reason.dataCallsRefusal()).isEqualTo(MasterError.STORE_DATABASE_SUSPENDED);
              assertThat(reason.liftableBy(SuspensionLifter.ADMIN)).isTrue();
            });
  }
}
