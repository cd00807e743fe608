package io.parkpulse.platform.maturity;

import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.maturity.miit.MiitRule;
import io.parkpulse.platform.maturity.reports.ParkReportPdf;
import io.parkpulse.platform.maturity.scoring.Catalog;
import io.parkpulse.platform.maturity.scoring.CatalogLoader;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Wires the catalog, the MIIT rule and the PDF reports; the read models are {@code
 * ReadModelBeans}'.
 */
@ApplicationScoped
public class MaturityBeans {

  private static final Logger LOG = Logger.getLogger(MaturityBeans.class);

  /** The bundled catalog, validated at start: a broken catalog stops the platform. */
  @Produces
  @Singleton
  Catalog catalog(PlatformConfig config) {
    return new CatalogLoader().bundled(config.maturity().catalog());
  }

  /** The MIIT rule with the configured mandatory scenarios; an unknown id stops the platform. */
  @Produces
  @Singleton
  MiitRule miitRule(PlatformConfig config) {
    return MiitRule.of(config.maturity().miitMandatoryScenarios());
  }

  /**
   * Reads the MIIT rule at start, so a scenario id written wrong stops the start, not an
   * assessment.
   */
  void checkMiitRule(@Observes StartupEvent start, MiitRule rule) {
    LOG.debugf("MIIT mandatory scenarios: %s", rule.mandatory());
  }

  /** PDF reports, with the configured CJK fonts. */
  @Produces
  @Singleton
  ParkReportPdf parkReportPdf(PlatformConfig config) {
    return new ParkReportPdf(config.report().font().stream().map(Path::of).toList());
  }
}
