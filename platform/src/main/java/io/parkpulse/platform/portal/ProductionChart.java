package io.parkpulse.platform.portal;

import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.portal.readmodel.PortalQueries.ProductionDay;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An enterprise's OEE and energy per day, as its page charts them, and the output it reported.
 *
 * @param reported good units the enterprise reported, by ISO day
 */
public record ProductionChart(List<ProductionDay> days, Map<String, Double> reported) {

  /** Whether any day has an OEE, energy or reported output to show. */
  public boolean hasData() {
    return !reported.isEmpty() || days.stream().anyMatch(d -> d.shifts() > 0 || d.energyKwh() > 0);
  }

  /** The output reported for {@code day}; NaN if none. */
  public double reportedOn(String day) {
    return reported.getOrDefault(day, Double.NaN);
  }

  /** Days, OEE (null where not computable) and kWh for the chart. */
  public String json() {
    List<Map<String, Object>> points = new ArrayList<>();
    for (ProductionDay d : days) {
      Map<String, Object> point = new HashMap<>();
      point.put("day", d.day());
      point.put("oee", Double.isNaN(d.oee()) ? null : Math.round(d.oee() * 1000) / 1000.0);
      point.put("kwh", Math.round(d.energyKwh() * 10) / 10.0);
      points.add(point);
    }
    return Json.write(points);
  }
}
