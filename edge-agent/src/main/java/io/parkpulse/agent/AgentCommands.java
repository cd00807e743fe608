package io.parkpulse.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.agent.collect.CollectorSettings;
import io.parkpulse.agent.collect.gnss.GnssSettings;
import io.parkpulse.agent.collect.modbus.ModbusSettings;
import io.parkpulse.agent.collect.opcua.OpcUaSettings;
import io.parkpulse.agent.command.CommandHandler;
import io.parkpulse.agent.config.AgentConfig;
import io.parkpulse.agent.config.ConfigLoader;
import io.parkpulse.agent.simulator.SimulatorSettings;
import io.parkpulse.model.AgentFleet;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The agent's commands: {@code status}, {@code reload}, {@code set-interval}, {@code write} and
 * {@code configure}. {@code set-interval} and {@code write} change only the running agent; {@code
 * reload} rereads the configuration file, and {@code configure} tries a managed configuration from
 * the platform and keeps it (see {@link RemoteConfiguration}).
 */
final class AgentCommands implements CommandHandler {

  private static final Logger LOG = Logger.getLogger(AgentCommands.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KNOWN = "status, reload, set-interval, write, configure";

  private final RemoteConfiguration configuration;
  private final Fleet fleet;
  private final Supplier<Map<String, Object>> status;

  AgentCommands(
      RemoteConfiguration configuration, Fleet fleet, Supplier<Map<String, Object>> status) {
    this.configuration = configuration;
    this.fleet = fleet;
    this.status = status;
  }

  @Override
  public Response handle(String name, byte[] payload) {
    String text = new String(payload, java.nio.charset.StandardCharsets.UTF_8);
    // A configuration is long: its version and size say enough in the log.
    LOG.info(
        "command "
            + name
            + " "
            + (text.length() > 200
                ? text.substring(0, 200) + "… (" + text.length() + " chars)"
                : text));
    try {
      JsonNode args = payload.length == 0 ? JSON.createObjectNode() : JSON.readTree(payload);
      return switch (name) {
        case "status" -> answer(200, status.get());
        case "reload" -> answer(configuration.reload());
        case AgentFleet.CONFIGURE -> configure(args);
        case "set-interval" -> setInterval(args);
        case "write" -> write(args);
        default -> error(404, "unknown command '" + name + "'; known: " + KNOWN);
      };
    } catch (IOException e) {
      return error(400, "the payload is not JSON: " + e.getMessage());
    }
  }

  private Response configure(JsonNode args) {
    if (!args.isObject()) {
      return error(400, "the payload must be {\"version\": 7, \"config\": \"...\"}");
    }
    return answer(configuration.configure(args, Instant.now()));
  }

  /** {@code {"device": "press-01", "interval": "5s", "group": 0}}; group only for Modbus. */
  private Response setInterval(JsonNode args) {
    Fleet.Running running = fleet.machine(args.path("device").asText()).orElse(null);
    if (running == null) {
      return error(404, "no machine with device '" + args.path("device").asText() + "'");
    }
    Duration interval = ConfigLoader.duration(args.path("interval").asText());
    if (interval == null || interval.toMillis() < 10) {
      return error(
          400,
          "interval '"
              + args.path("interval").asText()
              + "' is not a duration of 10ms or more, like 5s");
    }
    CollectorSettings changed;
    CollectorSettings s = running.settings();
    if (s instanceof SimulatorSettings sim) {
      changed = new SimulatorSettings(sim.device(), interval, sim.seed(), sim.maxReadings());
    } else if (s instanceof OpcUaSettings ua) {
      changed =
          new OpcUaSettings(
              ua.device(),
              ua.endpoint(),
              ua.security(),
              ua.username(),
              ua.password(),
              interval,
              ua.points());
    } else if (s instanceof ModbusSettings mb) {
      int only = args.has("group") ? args.get("group").asInt(-1) : -1;
      if (args.has("group") && (only < 0 || only >= mb.groups().size())) {
        return error(400, "group must be 0 to " + (mb.groups().size() - 1));
      }
      List<ModbusSettings.Group> groups = new ArrayList<>();
      for (int i = 0; i < mb.groups().size(); i++) {
        ModbusSettings.Group g = mb.groups().get(i);
        groups.add(only < 0 || only == i ? new ModbusSettings.Group(interval, g.points()) : g);
      }
      changed =
          new ModbusSettings(mb.device(), mb.host(), mb.port(), mb.unitId(), mb.timeout(), groups);
    } else if (s instanceof GnssSettings gnss) {
      changed =
          new GnssSettings(
              gnss.device(), gnss.line(), interval, gnss.minMoveMetres(), gnss.stillEvery());
    } else {
      return error(400, "this machine's interval cannot be changed");
    }
    fleet.replace(changed);
    return answer(200, Map.of("device", s.device().device(), "interval", interval.toString()));
  }

  /** {@code {"device": "press-01", "point": "setpoint_kw", "value": 12.5}}, if allow-listed. */
  private Response write(JsonNode args) {
    String device = args.path("device").asText();
    String point = args.path("point").asText();
    AgentConfig.Writable allowed =
        configuration.running().writable().stream()
            .filter(w -> w.device().equals(device) && w.point().equals(point))
            .findFirst()
            .orElse(null);
    if (allowed == null) {
      return error(
          403,
          "point '"
              + point
              + "' of '"
              + device
              + "' is not under commands.writable in the"
              + " configuration");
    }
    // Every write is checked against its point's type, and a number against its bounds.
    JsonNode value = args.get("value");
    Object v;
    if (allowed.bool()) {
      if (value == null || !value.isBoolean()) {
        return error(400, "value of '" + point + "' must be true or false");
      }
      v = value.asBoolean();
    } else {
      if (value == null || !value.isNumber()) {
        return error(400, "value of '" + point + "' must be a number");
      }
      double d = value.asDouble();
      if (!(d >= allowed.min() && d <= allowed.max())) {
        return error(400, "value " + d + " is outside " + allowed.min() + " to " + allowed.max());
      }
      v = value.isIntegralNumber() ? (Object) value.asLong() : (Object) d;
    }
    Fleet.Running running = fleet.machine(device).orElse(null);
    if (running == null) {
      return error(404, "no machine with device '" + device + "'");
    }
    try {
      running.collector().write(point, v);
    } catch (IllegalArgumentException e) {
      return error(400, e.getMessage());
    } catch (IOException e) {
      return error(502, e.getMessage());
    }
    LOG.warning("wrote " + v + " to " + point + " of " + device + " (write command)");
    return answer(200, Map.of("device", device, "point", point, "value", v));
  }

  private static Response answer(RemoteConfiguration.Answer answer) {
    return answer(answer.status(), answer.body());
  }

  private static Response error(int status, String message) {
    return answer(status, Map.of("error", message));
  }

  private static Response answer(int status, Map<String, ?> body) {
    try {
      return new Response(status, JSON.writeValueAsBytes(new LinkedHashMap<>(body)));
    } catch (IOException e) {
      throw new IllegalStateException("plain values always serialise", e);
    }
  }
}
