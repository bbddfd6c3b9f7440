package io.storeplane.api;

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
import java.util.function.Function;

/**
 * The api module's architecture rules (docs/architecture.md): its packages import each other in one
 * direction only, it never reaches test doubles or benchmarks, and no Hibernate entity crosses the
 * REST boundary.
 */
@AnalyzeClasses(
    packages = "io.storeplane.api",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /** A class mapped by Hibernate: annotated {@code @Entity} or a Panache entity. */
  private static final DescribedPredicate<JavaClass> ENTITY =
      DescribedPredicate.describe(
          "a Hibernate entity",
          type ->
              type.isAnnotatedWith(Entity.class) || type.isAssignableTo(PanacheEntityBase.class));

  /** Each package is a slice of its own (the root package included). */
  @ArchTest
  static void packagesAreFreeOfCycles(JavaClasses classes) {
    slices().matching("io.storeplane.(**)").should().beFreeOfCycles().check(classes);
  }

  @ArchTest
  static void reachesNoTestModule(JavaClasses classes) {
    noClasses()
        .that()
        .resideInAPackage("io.storeplane.api..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.storeplane.testing..", "io.storeplane.bench..")
        .because("test-databases, supabase-double and bench are never depended on by main code")
        .check(classes);
  }

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
        .should(involveNoEntity("type", field -> field.getType()))
        .because("requests and responses are records in api, never Hibernate entities")
        .check(classes);
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
