package io.storeplane.provisioning;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/**
 * The module's architecture rules (docs/architecture.md): provisioning builds on client-schema and
 * master-db only, its packages import each other in one direction only, and the ConnectionManager
 * stays independent of the job engine.
 */
@AnalyzeClasses(
    packages = "io.storeplane.provisioning",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /** Each package is a slice of its own (the root package included). */
  @ArchTest
  static void packagesAreFreeOfCycles(JavaClasses classes) {
    slices().matching("io.storeplane.(**)").should().beFreeOfCycles().check(classes);
  }

  @ArchTest
  static void dependsOnClientSchemaAndMasterOnly(JavaClasses classes) {
    classes()
        .that()
        .resideInAPackage("io.storeplane.provisioning..")
        .should()
        .onlyDependOnClassesThat(
            resideOutsideOfPackage("io.storeplane..")
                .or(
                    resideInAnyPackage(
                        "io.storeplane.provisioning..",
                        "io.storeplane.clientschema..",
                        "io.storeplane.master..",
                        "io.storeplane.error..")))
        .because("provisioning may depend on client-schema and master-db (and the error model)")
        .check(classes);
  }

  @ArchTest
  static void connectionsDoNotReachTheJobEngine(JavaClasses classes) {
    noClasses()
        .that()
        .resideInAPackage("io.storeplane.provisioning.connect..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.storeplane.provisioning.job..")
        .because("store apps use the ConnectionManager without the provisioning job engine")
        .check(classes);
  }
}
