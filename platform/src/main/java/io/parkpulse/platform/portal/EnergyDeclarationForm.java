package io.parkpulse.platform.portal;

import io.parkpulse.platform.energy.EnergyService.DeclarationRequest;
import io.parkpulse.platform.energy.EnergyService.DeclarationView;
import io.parkpulse.platform.energy.accounting.Carrier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A month's energy declaration as typed: green power (kWh), natural gas (m3), steam (t) and coal
 * (t), each blank to keep what was declared, and where the quantities come from. A comma is refused
 * rather than guessed at: {@code 12,000} may be twelve thousand or twelve.
 */
public record EnergyDeclarationForm(
    String greenPower, String naturalGas, String steam, String coal, String source) {

  private static final Pattern PLAIN = Pattern.compile("\\d{1,15}(\\.\\d{1,6})?");

  /** The form filled with the month's declarations. */
  static EnergyDeclarationForm of(List<DeclarationView> declared) {
    Map<String, String> q = new LinkedHashMap<>();
    String source = "";
    for (DeclarationView d : declared) {
      q.put(d.carrier(), BigDecimal.valueOf(d.quantity()).stripTrailingZeros().toPlainString());
      source = d.source() == null ? source : d.source();
    }
    return new EnergyDeclarationForm(
        q.getOrDefault(Carrier.GREEN_POWER.id(), ""),
        q.getOrDefault(Carrier.NATURAL_GAS.id(), ""),
        q.getOrDefault(Carrier.STEAM.id(), ""),
        q.getOrDefault(Carrier.COAL.id(), ""),
        source);
  }

  /**
   * The carriers (their ids) whose field is neither blank nor a number of 0 or more, in the form's
   * order; empty if none.
   */
  List<String> invalid() {
    List<String> invalid = new ArrayList<>();
    typed()
        .forEach(
            (carrier, text) -> {
              if (number(text) == null) {
                invalid.add(carrier.id());
              }
            });
    return invalid;
  }

  /** Whether every quantity was left blank. */
  boolean empty() {
    return typed().isEmpty();
  }

  /** The declaration; call once {@link #invalid()} is empty. */
  DeclarationRequest request() {
    Map<String, Double> quantities = new LinkedHashMap<>();
    typed().forEach((carrier, text) -> quantities.put(carrier.id(), number(text)));
    return new DeclarationRequest(quantities, source == null ? null : source.strip());
  }

  private Map<Carrier, String> typed() {
    Map<Carrier, String> typed = new LinkedHashMap<>();
    put(typed, Carrier.GREEN_POWER, greenPower);
    put(typed, Carrier.NATURAL_GAS, naturalGas);
    put(typed, Carrier.STEAM, steam);
    put(typed, Carrier.COAL, coal);
    return typed;
  }

  private static void put(Map<Carrier, String> typed, Carrier carrier, String text) {
    if (!FormValues.blank(text)) {
      typed.put(carrier, text.strip());
    }
  }

  /** A decimal number of 0 or more written plainly ({@code 1200}, {@code 3.5}), or null. */
  private static Double number(String text) {
    if (!PLAIN.matcher(text).matches()) {
      return null;
    }
    double v = Double.parseDouble(text);
    return Double.isFinite(v) ? v : null;
  }
}
