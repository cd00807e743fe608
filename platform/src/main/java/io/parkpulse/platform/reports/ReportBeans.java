package io.parkpulse.platform.reports;

import io.parkpulse.platform.PlatformConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** The PDF writer every feature's reports share, with the configured CJK fonts. */
@ApplicationScoped
public class ReportBeans {

  @Produces
  @Singleton
  PdfReportWriter pdfReportWriter(PlatformConfig config) {
    return new PdfReportWriter(config.report().font().stream().map(Path::of).toList());
  }
}
