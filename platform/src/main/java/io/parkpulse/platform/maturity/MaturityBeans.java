package io.parkpulse.platform.maturity;

import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.maturity.reports.ParkReportPdf;
import io.parkpulse.platform.maturity.scoring.Catalog;
import io.parkpulse.platform.maturity.scoring.CatalogLoader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** Wires the catalog and the PDF reports; the read models are {@code ReadModelBeans}'. */
@ApplicationScoped
public class MaturityBeans {

  /** The bundled catalog, validated at start: a broken catalog stops the platform. */
  @Produces
  @Singleton
  Catalog catalog(PlatformConfig config) {
    return new CatalogLoader().bundled(config.maturity().catalog());
  }

  /** PDF reports, with the configured CJK fonts. */
  @Produces
  @Singleton
  ParkReportPdf parkReportPdf(PlatformConfig config) {
    return new ParkReportPdf(config.report().font().stream().map(Path::of).toList());
  }
}
