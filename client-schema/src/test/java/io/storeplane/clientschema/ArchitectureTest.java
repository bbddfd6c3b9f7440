package io.storeplane.clientschema;

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
 * The module's architecture rules (docs/architecture.md): client-schema is the bottom of the
 * reactor, framework-free, and its packages import each other in one direction only.
 */
@AnalyzeClasses(
    packages = "io.storeplane.clientschema",
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
        .resideInAPackage("io.storeplane.clientschema..")
        .should()
        .onlyDependOnClassesThat(
            resideOutsideOfPackage("io.storeplane..")
                .or(resideInAnyPackage("io.storeplane.clientschema..", "io.storeplane.error..")))
        .because("client-schema depends on nothing of ours (the shared error model aside)")
        .check(classes);
  }

  @ArchTest
  static void isFrameworkFree(JavaClasses classes) {
    noClasses()
        .that()
        .resideInAPackage("io.storeplane.clientschema..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.quarkus..", "jakarta..")
        .because("the store schema is plain Java, usable by tools and benchmarks without Quarkus")
        .check(classes);
  }
}
