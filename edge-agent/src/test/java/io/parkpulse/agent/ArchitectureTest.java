package io.parkpulse.agent;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The edge agent's feature packages depend on each other in one direction only. */
class ArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.parkpulse.agent");

  @Test
  void featurePackagesFormNoCycle() {
    slices().matching("io.parkpulse.agent.(*)..").should().beFreeOfCycles().check(CLASSES);
  }
}
