package io.storeplane.master;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/**
 * The module's architecture rules (docs/architecture.md): master-db depends on no other module of
 * ours, and its feature packages import each other in one direction only.
 */
@AnalyzeClasses(
    packages = "io.storeplane.master",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /** Each package is a slice of its own (the root package included). */
  @ArchTest
  static void packagesAreFreeOfCycles(JavaClasses classes) {
    slices().matching("io.storeplane.(**)").should().beFreeOfCycles().check(classes);
  }

  @ArchTest
  static void dependsOnNothingOfOurs(JavaClasses classes) {
    classes()
        .that()
        .resideInAPackage("io.storeplane.master..")
        .should()
        .onlyDependOnClassesThat(
            resideOutsideOfPackage("io.storeplane..")
                .or(resideInAnyPackage("io.storeplane.master..", "io.storeplane.error..")))
        .because("master-db depends on nothing of ours (the shared error model aside)")
        .check(classes);
  }
}
