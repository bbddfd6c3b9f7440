package io.storeplane.api;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.ws.rs.HttpMethod;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The architecture rules of the whole reactor (docs/architecture.md, "One-way packages, enforced"),
 * checked on the main classes of every module. They live here because the api module sees all the
 * others.
 *
 * <p>The rules are {@code @ArchTest} methods, not fields: Surefire 3.5.3 (this build's) silently
 * skips {@code @ArchTest} fields (TNG/ArchUnit#1442).
 */
@AnalyzeClasses(packages = "io.storeplane", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /** A class mapped by Hibernate: annotated {@code @Entity} or a Panache entity. */
  private static final DescribedPredicate<JavaClass> ENTITY =
      DescribedPredicate.describe(
          "a Hibernate entity",
          type ->
              type.isAnnotatedWith(Entity.class) || type.isAssignableTo(PanacheEntityBase.class));

  // --- no cycle between the packages of a module -------------------------------------------

  @ArchTest
  static void clientSchemaPackagesAreFreeOfCycles(JavaClasses classes) {
    checkPackagesFreeOfCycles(classes, "clientschema");
  }

  @ArchTest
  static void masterPackagesAreFreeOfCycles(JavaClasses classes) {
    checkPackagesFreeOfCycles(classes, "master");
  }

  @ArchTest
  static void jobsPackagesAreFreeOfCycles(JavaClasses classes) {
    checkPackagesFreeOfCycles(classes, "jobs");
  }

  @ArchTest
  static void busPackagesAreFreeOfCycles(JavaClasses classes) {
    checkPackagesFreeOfCycles(classes, "bus");
  }

  @ArchTest
  static void provisioningPackagesAreFreeOfCycles(JavaClasses classes) {
    checkPackagesFreeOfCycles(classes, "provisioning");
  }

  @ArchTest
  static void billingPackagesAreFreeOfCycles(JavaClasses classes) {
    checkPackagesFreeOfCycles(classes, "billing");
  }

  @ArchTest
  static void fleetPackagesAreFreeOfCycles(JavaClasses classes) {
    checkPackagesFreeOfCycles(classes, "fleet");
  }

  @ArchTest
  static void consolePackagesAreFreeOfCycles(JavaClasses classes) {
    checkPackagesFreeOfCycles(classes, "console");
  }

  @ArchTest
  static void apiPackagesAreFreeOfCycles(JavaClasses classes) {
    checkPackagesFreeOfCycles(classes, "api");
  }

  // --- modules reach only what the module table allows ------------------------------------

  @ArchTest
  static void clientSchemaDependsOnNothingOfOurs(JavaClasses classes) {
    checkModuleDependsOnlyOn(classes, "clientschema");
  }

  @ArchTest
  static void masterDependsOnNothingOfOurs(JavaClasses classes) {
    checkModuleDependsOnlyOn(classes, "master");
  }

  @ArchTest
  static void busDependsOnMasterOnly(JavaClasses classes) {
    checkModuleDependsOnlyOn(classes, "bus", "master");
  }

  @ArchTest
  static void jobsKnowsNoKindAndReachesOnlyTheBus(JavaClasses classes) {
    checkModuleDependsOnlyOn(classes, "jobs", "bus");
  }

  @ArchTest
  static void provisioningDependsOnClientSchemaMasterBusAndJobsOnly(JavaClasses classes) {
    checkModuleDependsOnlyOn(classes, "provisioning", "clientschema", "master", "bus", "jobs");
  }

  @ArchTest
  static void billingDependsOnProvisioningAndWhatItStandsOn(JavaClasses classes) {
    checkModuleDependsOnlyOn(
        classes, "billing", "provisioning", "clientschema", "master", "bus", "jobs");
  }

  @ArchTest
  static void fleetDependsOnProvisioningAndWhatItStandsOn(JavaClasses classes) {
    checkModuleDependsOnlyOn(
        classes, "fleet", "provisioning", "clientschema", "master", "bus", "jobs");
  }

  /**
   * The console calls the capability modules' services, never the api (which depends on it) and so
   * never the REST API.
   */
  @ArchTest
  static void consoleDependsOnTheCapabilityModulesOnly(JavaClasses classes) {
    checkModuleDependsOnlyOn(
        classes,
        "console",
        "provisioning",
        "billing",
        "fleet",
        "clientschema",
        "master",
        "bus",
        "jobs");
  }

  @ArchTest
  static void apiReachesNoTestModule(JavaClasses classes) {
    noClasses()
        .that()
        .resideInAPackage("io.storeplane.api..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.storeplane.testing..", "io.storeplane.bench..")
        .because("test-databases, supabase-double and bench are never depended on by main code")
        .check(classes);
  }

  @ArchTest
  static void connectDoesNotReachTheJobEngine(JavaClasses classes) {
    noClasses()
        .that()
        .resideInAPackage("io.storeplane.provisioning.connect..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.storeplane.provisioning.job..", "io.storeplane.jobs..")
        .because("store apps use the ConnectionManager without the job engine")
        .check(classes);
  }

  @ArchTest
  static void clientSchemaIsFrameworkFree(JavaClasses classes) {
    noClasses()
        .that()
        .resideInAPackage("io.storeplane.clientschema..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.quarkus..", "jakarta..")
        .because("the store schema is plain Java, usable by tools and benchmarks without Quarkus")
        .check(classes);
  }

  @ArchTest
  static void theWarmPoolCoreIsFrameworkFree(JavaClasses classes) {
    noClasses()
        .that()
        .resideInAPackage("io.storeplane.provisioning.pool")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.quarkus..", "jakarta..")
        .because("the warm pool is plain Java over JDBC; its Quarkus glue is pool.runtime")
        .check(classes);
  }

  @ArchTest
  static void theBusCoreIsFrameworkFree(JavaClasses classes) {
    noClasses()
        .that()
        .resideInAPackage("io.storeplane.bus")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.quarkus..", "jakarta..", "io.storeplane.master..")
        .because("the bus's core is plain Java over JDBC; its Quarkus glue is bus.runtime")
        .check(classes);
  }

  // --- no Hibernate entity crosses the REST boundary --------------------------------------

  /** Resource methods: what a GET, POST, ... answers is never an entity or a collection of them. */
  @ArchTest
  static void resourceMethodsReturnNoEntity(JavaClasses classes) {
    methods()
        .that()
        .areDeclaredInClassesThat()
        .resideInAPackage("io.storeplane.api..")
        .and()
        .areMetaAnnotatedWith(HttpMethod.class)
        .should(involveNoEntity("return", method -> method.getReturnType()))
        .because("requests and responses are records in api, never Hibernate entities")
        .check(classes);
  }

  /** Request and response records: no component holds an entity (nor a collection of them). */
  @ArchTest
  static void recordsHoldNoEntity(JavaClasses classes) {
    fields()
        .that()
        .areDeclaredInClassesThat()
        .resideInAPackage("io.storeplane.api..")
        .and()
        .areDeclaredInClassesThat()
        .areAssignableTo(Record.class)
        .should(involveNoEntity("field", field -> field.getType()))
        .because("requests and responses are records in api, never Hibernate entities")
        .check(classes);
  }

  /**
   * Each package of {@code io.storeplane.<module>} is a slice of its own (the module's root package
   * included); no two slices may import each other, directly or in a loop.
   */
  private static void checkPackagesFreeOfCycles(JavaClasses classes, String module) {
    slices()
        .matching("io.storeplane.(**)")
        .should()
        .beFreeOfCycles()
        .check(classes.that(resideInAPackage(ours(module))));
  }

  /**
   * The classes of {@code io.storeplane.<module>} depend on no class of ours outside the module and
   * the {@code allowed} modules; the shared error model ({@code io.storeplane.error}) is allowed
   * everywhere.
   */
  private static void checkModuleDependsOnlyOn(
      JavaClasses classes, String module, String... allowed) {
    String[] packages =
        Stream.concat(Stream.of(module, "error"), Arrays.stream(allowed))
            .map(ArchitectureTest::ours)
            .toArray(String[]::new);
    classes()
        .that()
        .resideInAPackage(ours(module))
        .should()
        .onlyDependOnClassesThat(
            resideOutsideOfPackage("io.storeplane..").or(resideInAnyPackage(packages)))
        .because("a module reaches only the modules the module table allows")
        .check(classes);
  }

  private static String ours(String module) {
    return "io.storeplane." + module + "..";
  }

  private static <T extends JavaMember> ArchCondition<T> involveNoEntity(
      String what, Function<T, JavaType> typeOf) {
    return new ArchCondition<>("not involve an entity in its " + what + " type") {
      @Override
      public void check(T member, ConditionEvents events) {
        typeOf.apply(member).getAllInvolvedRawTypes().stream()
            .filter(ENTITY)
            .forEach(
                entity ->
                    events.add(
                        SimpleConditionEvent.violated(
                            member,
                            "%s has %s %s in its %s type"
                                .formatted(
                                    member.getFullName(),
                                    ENTITY.getDescription(),
                                    entity.getName(),
                                    what))));
      }
    };
  }
}
