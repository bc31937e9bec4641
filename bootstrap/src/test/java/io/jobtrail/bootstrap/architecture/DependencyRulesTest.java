package io.jobtrail.bootstrap.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The rules Maven cannot enforce: a framework-free core, adapters that do not know each other, and
 * inbound and outbound ports that do not know each other.
 */
@AnalyzeClasses(packages = "io.jobtrail", importOptions = ImportOption.DoNotIncludeTests.class)
class DependencyRulesTest {

  @ArchTest
  static final ArchRule domainDependsOnTheJdkOnly =
      classes()
          .that()
          .resideInAPackage("io.jobtrail.domain..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("io.jobtrail.domain..", "java..", "org.jspecify..");

  @ArchTest
  static final ArchRule applicationUsesNoFramework =
      classes()
          .that()
          .resideInAPackage("io.jobtrail.application..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "io.jobtrail.domain..",
              "io.jobtrail.application..",
              "java..",
              "org.jspecify..",
              "io.opentelemetry.api..",
              "io.opentelemetry.context..");

  @ArchTest
  static final ArchRule noStereotypesInTheCore =
      noClasses()
          .that()
          .resideInAnyPackage("io.jobtrail.domain..", "io.jobtrail.application..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework..", "jakarta..");

  @ArchTest
  static final ArchRule adaptersDoNotDependOnEachOther =
      slices()
          .matching("io.jobtrail.(persistence|graphql|rest|agents|webhooks|nats)..")
          .should()
          .notDependOnEachOther();

  @ArchTest
  static final ArchRule theCoreDoesNotKnowTheAdapters =
      noClasses()
          .that()
          .resideInAnyPackage("io.jobtrail.domain..", "io.jobtrail.application..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.jobtrail.persistence..",
              "io.jobtrail.graphql..",
              "io.jobtrail.rest..",
              "io.jobtrail.agents..",
              "io.jobtrail.webhooks..",
              "io.jobtrail.nats..",
              "io.jobtrail.bootstrap..");

  @ArchTest
  static final ArchRule onlyBootstrapKnowsBootstrap =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.jobtrail.bootstrap..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.jobtrail.bootstrap..");

  @ArchTest
  static final ArchRule inboundPortsDoNotKnowOutboundPorts =
      noClasses()
          .that()
          .resideInAPackage("io.jobtrail.application.port.in..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.jobtrail.application.port.out..");

  @ArchTest
  static final ArchRule outboundPortsDoNotKnowInboundPorts =
      noClasses()
          .that()
          .resideInAPackage("io.jobtrail.application.port.out..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.jobtrail.application.port.in..");

  @ArchTest
  static final ArchRule adaptersReachTheCoreThroughPorts =
      noClasses()
          .that()
          .resideInAnyPackage("io.jobtrail.graphql..", "io.jobtrail.rest..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.jobtrail.application.port.out..", "io.jobtrail.application.job..");
}
