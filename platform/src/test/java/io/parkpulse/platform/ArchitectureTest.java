package io.parkpulse.platform;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.conditions.ArchPredicates.are;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Role;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

/**
 * The platform's layers as {@code docs/architecture.md} draws them: resource → service → tenancy
 * gate → repository or read model. A failure here is a design question, not a rule to loosen.
 */
class ArchitectureTest {

  /**
   * Where plain JDBC belongs: the COPY ingest, the analytics read models, and the scheduled jobs'
   * leases, taken on the jobs' own threads.
   */
  static final String[] JDBC_PACKAGES = {"..ingest..", "..readmodel..", "..jobs.."};

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.parkpulse.platform");

  @Test
  void featurePackagesFormNoCycle() {
    slices().matching("io.parkpulse.platform.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void resourcesAndPortalPagesHoldNoPersistenceAndCallNoOtherResource() {
    noClasses()
        .that()
        .areAnnotatedWith(Path.class)
        .or()
        .resideInAPackage("io.parkpulse.platform.portal")
        .and()
        .resideOutsideOfPackages(JDBC_PACKAGES)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.sql..",
            "javax.sql..",
            "org.postgresql..",
            "io.quarkus.hibernate.reactive.panache..",
            "org.hibernate..")
        .orShould()
        .dependOnClassesThat(assignableTo(PanacheRepositoryBase.class))
        .orShould()
        .dependOnClassesThat(are(annotatedWithPath()))
        .because("a resource maps HTTP to one service call; the service owns rules and storage")
        .check(CLASSES);
  }

  @Test
  void jdbcOnlyInTheIngestAndTheReadModels() {
    noClasses()
        .that()
        .resideOutsideOfPackages(JDBC_PACKAGES)
        .should()
        .dependOnClassesThat(
            resideInAnyPackage("java.sql..", "javax.sql..", "org.postgresql..")
                .and(not(resideInAnyPackage(JDBC_PACKAGES))))
        .because("the domain model goes through Hibernate Reactive repositories")
        .check(CLASSES);
  }

  @Test
  void onlyTheTenancyGateAppliesTheScopeRules() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.parkpulse.platform.tenancy")
        .should()
        .callMethod(Caller.class, "sees", String.class, String.class)
        .orShould()
        .callMethod(Caller.class, "seesPark", String.class)
        .orShould()
        .callMethod(Caller.class, "managesPark", String.class)
        .orShould()
        .callMethod(Caller.class, "managesEnterprise", String.class, String.class)
        .orShould()
        .callMethod(Caller.class, "mayGrant", Role.class, String.class, String.class)
        .because("who may see a park, an enterprise or a device has one answer: TenancyGate")
        .check(CLASSES);
  }

  private static com.tngtech.archunit.base.DescribedPredicate<
          com.tngtech.archunit.core.domain.JavaClass>
      annotatedWithPath() {
    return com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith(
            Path.class)
        .forSubtype();
  }
}
