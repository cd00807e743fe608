package io.parkpulse.platform.portal;

import io.parkpulse.platform.devices.DeviceService.DeviceRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The new-device form as typed, kept to show it again with what to fix. */
public record DeviceForm(
    String id,
    String name,
    String type,
    String site,
    String line,
    String ratedPowerKw,
    String criticality) {

  static DeviceForm empty() {
    return new DeviceForm("", "", "machine", "", "", "", "medium");
  }

  /** The message keys of what is wrong with the form, for the form to show; empty if nothing. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (id == null || !id.matches("[a-z0-9][a-z0-9-]{1,62}")) {
      problems.add("device.form.id-invalid");
    }
    if (name == null || name.isBlank()) {
      problems.add("device.form.name-required");
    }
    if (power() == null && ratedPowerKw != null && !ratedPowerKw.isBlank()) {
      problems.add("device.form.power-invalid");
    }
    return problems;
  }

  DeviceRequest request() {
    return new DeviceRequest(
        id,
        name.strip(),
        type,
        null,
        blankToNull(site),
        blankToNull(line),
        power(),
        criticality,
        null,
        null,
        null,
        true);
  }

  private Double power() {
    if (ratedPowerKw == null || ratedPowerKw.isBlank()) {
      return null;
    }
    try {
      double kw = Double.parseDouble(ratedPowerKw.strip().replace(',', '.'));
      return kw > 0 && Double.isFinite(kw) ? kw : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** The agent configuration for a new device: the simulator until real machines are added. */
  static String agentYaml(String gatewayUri, String enterprise, String device, String secret) {
    return String.format(
        Locale.ROOT,
        """
        # ParkPulse edge agent for %2$s/%3$s. Keep this file private: it holds the device secret.
        # Check it with: parkpulse-agent check /etc/parkpulse-agent/agent.yaml
        gateway:
          uri: %1$s
        device:
          enterprise: %2$s
          id: %3$s
          secret: "%4$s"
        state-dir: /var/lib/parkpulse-agent
        machines:
          # Replace the simulator with the machine's modbus: or opcua: points (docs/edge-agent.md).
          - simulator: { interval: 2s }
        """,
        gatewayUri,
        enterprise,
        device,
        secret);
  }
}
