package io.parkpulse.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** One value of an app's Prometheus metrics. */
final class AppMetrics {

  private AppMetrics() {}

  /**
   * The value of the unlabelled series {@code name} on the app whose HTTP port is {@code httpPort};
   * -1 if the app does not answer or has no such series.
   */
  static double value(int httpPort, String name) {
    try {
      String metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      for (String line : metrics.split("\n")) {
        if (line.startsWith(name + " ")) {
          return Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
        }
      }
    } catch (Exception e) {
      // an app that was killed does not answer
    }
    return -1;
  }
}
