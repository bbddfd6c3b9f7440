package io.storeplane.api.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.storeplane.master.store.Store;
import io.storeplane.master.store.StoreLifecycle;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A store's state is assigned only by its owner, {@link StoreLifecycle} in master-db: no other
 * class of any module (main code) writes the store's status, suspension reasons, database status,
 * type or location, subscription status, trial or deletion time.
 */
class StoreStateOwnerTest {

  /** The fields of {@link Store} that make up its state. */
  static final Set<String> STATE_FIELDS =
      Set.of(
          "status",
          "active",
          "suspensionReasons",
          "databaseStatus",
          "databaseType",
          "databaseServerId",
          "databaseHost",
          "databasePort",
          "databaseName",
          "subscriptionStatus",
          "trialStartedAt",
          "trialEndsAt",
          "deletedAt");

  private static final JavaClasses MAIN_CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.storeplane");

  @Test
  void onlyTheLifecycleAssignsAStoresState() {
    DescribedPredicate<JavaFieldAccess> storeStateWrite =
        DescribedPredicate.describe(
            "a write of a store's state field " + STATE_FIELDS,
            access ->
                access.getAccessType() == JavaFieldAccess.AccessType.SET
                    && access.getTargetOwner().isEquivalentTo(Store.class)
                    && STATE_FIELDS.contains(access.getTarget().getName()));
    noClasses()
        .that()
        .doNotBelongToAnyOf(StoreLifecycle.class, Store.class)
        .should()
        .setFieldWhere(storeStateWrite)
        .because("the store lifecycle is the one owner of a store's state (issue 12)")
        .check(MAIN_CLASSES);
  }

  @Test
  void theRuleSeesEveryModuleThatWritesStores() {
    // Under `verify` the other modules come as jars: they must be imported all the same.
    assertThat(MAIN_CLASSES.contain(StoreLifecycle.class)).isTrue();
    assertThat(MAIN_CLASSES.contain("io.storeplane.provisioning.job.JobService")).isTrue();
    assertThat(MAIN_CLASSES.contain("io.storeplane.provisioning.provider.ConnectionRecords"))
        .isTrue();
  }

  @Test
  void theRuleSeesTheOwnersWrites() {
    // Guards the rule itself: were the import or the predicate wrong, the rule above would pass
    // vacuously. The same rule, pointed at the owner, must find its writes.
    assertThatThrownBy(
            () ->
                noClasses()
                    .that()
                    .belongToAnyOf(StoreLifecycle.class)
                    .should()
                    .setFieldWhere(
                        DescribedPredicate.describe(
                            "a write of Store.databaseStatus",
                            access ->
                                access.getTargetOwner().isEquivalentTo(Store.class)
                                    && access.getTarget().getName().equals("databaseStatus")))
                    .check(MAIN_CLASSES))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("StoreLifecycle")
        .hasMessageContaining("Store.databaseStatus");
  }
}
