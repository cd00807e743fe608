package io.parkpulse.agent.config;

import io.parkpulse.agent.collect.CollectorSettings;
import io.parkpulse.agent.collect.PointSpec;
import io.parkpulse.agent.collect.dlt645.DataId;
import io.parkpulse.agent.collect.dlt645.Dlt645Settings;
import io.parkpulse.agent.collect.dlt645.MeterAddress;
import io.parkpulse.agent.collect.gnss.GnssSettings;
import io.parkpulse.agent.collect.modbus.ModbusRtuSettings;
import io.parkpulse.agent.collect.modbus.ModbusSettings;
import io.parkpulse.agent.collect.opcua.OpcUaSettings;
import io.parkpulse.agent.collect.serial.SerialSettings;
import io.parkpulse.agent.forward.Forwarder;
import io.parkpulse.agent.simulator.SimulatorSettings;
import io.parkpulse.agent.store.ReadingStore;
import io.parkpulse.model.AgentFleet;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.Ids;
import io.parkpulse.model.PointKind;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/** Reads and checks the agent's YAML configuration, reporting every problem with its line. */
public final class ConfigLoader {

  /**
   * The keys each mapping of the file may have, by the mapping's path with {@code []} for any
   * element of a list ({@code machines[].modbus}); a key listed here as a path of its own is a
   * mapping or a list of them. docs/configuration.md lists every key, and a test keeps it so.
   */
  static final Map<String, List<String>> KEYS =
      Map.ofEntries(
          Map.entry(
              "",
              List.of(
                  "gateway",
                  "device",
                  "state-dir",
                  "store",
                  "publish",
                  "secrets",
                  "buses",
                  "machines",
                  "commands")),
          Map.entry("gateway", List.of("uri", "tls")),
          Map.entry("gateway.tls", List.of("ca", "cert", "key")),
          Map.entry("device", List.of("enterprise", "id", "secret")),
          Map.entry("store", List.of("max-bytes", "overflow")),
          Map.entry("publish", List.of("max-inflight", "readings-per-message")),
          Map.entry(
              "buses[]",
              List.of(
                  "name",
                  "port",
                  "tcp",
                  "baud",
                  "data-bits",
                  "parity",
                  "stop-bits",
                  "timeout",
                  "gap")),
          Map.entry(
              "machines[]",
              List.of("device", "simulator", "modbus", "modbus-rtu", "dlt645", "opcua", "gnss")),
          Map.entry("machines[].simulator", List.of("interval", "seed", "max-readings")),
          Map.entry("machines[].modbus", List.of("host", "port", "unit", "timeout", "groups")),
          Map.entry("machines[].modbus.groups[]", List.of("interval", "points")),
          Map.entry(
              "machines[].modbus.groups[].points[]",
              List.of(
                  "name", "unit", "kind", "area", "address", "type", "order", "scale", "offset")),
          Map.entry("machines[].modbus-rtu", List.of("bus", "unit", "groups")),
          Map.entry("machines[].modbus-rtu.groups[]", List.of("interval", "points")),
          Map.entry(
              "machines[].modbus-rtu.groups[].points[]",
              List.of(
                  "name", "unit", "kind", "area", "address", "type", "order", "scale", "offset")),
          Map.entry("machines[].dlt645", List.of("bus", "address", "interval", "points")),
          Map.entry("machines[].dlt645.points[]", List.of("name", "unit", "kind", "data")),
          Map.entry(
              "machines[].opcua",
              List.of(
                  "endpoint", "security", "username", "password", "publish-interval", "points")),
          Map.entry(
              "machines[].opcua.points[]", List.of("name", "unit", "kind", "node", "sampling")),
          Map.entry("machines[].gnss", serialKeys("interval", "min-move-metres", "still-every")),
          Map.entry("commands", List.of("writable")),
          Map.entry("commands.writable[]", List.of("device", "point", "type", "min", "max")));

  private ConfigLoader() {}

  /** The top-level keys a managed configuration may have; the rest stay in agent.yaml. */
  static final List<String> MANAGED_KEYS = List.of("buses", "machines", "commands");

  /** A whole secret reference, {@code ${secret:NAME}}. */
  private static final Pattern SECRET = Pattern.compile("\\$\\{secret:([^}]*)}");

  /** Names under {@code secrets}: what a reference may name. */
  private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  /**
   * A managed configuration sent by the platform: a YAML document with only {@code buses}, {@code
   * machines} and {@code commands}, which replace those of agent.yaml.
   *
   * @param version its version, 1 or more
   * @param text the document exactly as received
   */
  public record Managed(int version, String text) {

    public Managed {
      if (version < 1) {
        throw new IllegalArgumentException("a managed configuration's version is 1 or more");
      }
      Objects.requireNonNull(text, "text");
    }

    /** The name its problems give it: {@code managed-v7.yaml}. */
    public String fileName() {
      return "managed-v" + version + ".yaml";
    }

    /** Lowercase hex SHA-256 of the document's UTF-8 bytes. */
    public String hash() {
      return AgentFleet.hash(text);
    }
  }

  /**
   * Reads {@code file}.
   *
   * @throws ConfigException listing every problem, each with its line and the fix
   * @throws IOException if the file cannot be read
   */
  public static AgentConfig load(Path file) throws IOException, ConfigException {
    return load(file, null);
  }

  /**
   * Reads {@code file} and, if {@code managed} is not null, takes the buses, machines and commands
   * from it instead of from the file: the gateway, device, store, publish settings and secrets
   * always come from the file. Problems in the managed document name it {@code managed-vN.yaml}.
   *
   * @throws ConfigException listing every problem, each with its line and the fix
   * @throws IOException if the file cannot be read
   */
  public static AgentConfig load(Path file, Managed managed) throws IOException, ConfigException {
    String name = file.getFileName().toString();
    byte[] bytes = Files.readAllBytes(file);
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(
          List.of(name + ": not UTF-8 text; save it as UTF-8 (" + e.getMessage() + ")"));
    }
    Node root = compose(name, text);
    if (root == null) {
      throw new ConfigException(
          List.of(name + ": the file is empty; start from agent.example.yaml"));
    }
    Node managedRoot = null;
    if (managed != null) {
      managedRoot = compose(managed.fileName(), managed.text());
      if (managedRoot == null) {
        throw new ConfigException(
            List.of(
                managed.fileName()
                    + ": the document is empty; write the machines (and buses, commands) to"
                    + " run"));
      }
    }
    List<String> problems = new ArrayList<>();
    Section top = new Section(name, "", root, problems);
    allowKnownKeys(top);
    Section remote = top;
    if (managed != null) {
      remote = new Section(managed.fileName(), "", managedRoot, problems);
      allowManagedKeys(remote);
    }
    Secrets secrets = secrets(top, name);

    Section gw = top.sectionOrEmpty("gateway");
    allowKnownKeys(gw);
    String uri = gw.required("uri", "tcp://gateway.park.example:1883");
    if (uri != null && !uri.startsWith("tcp://") && !uri.startsWith("ssl://")) {
      gw.problemAt("uri", "gateway.uri is '" + uri + "'; write tcp://host:1883 or ssl://host:8883");
    }
    Section tls = gw.sectionOrEmpty("tls");
    allowKnownKeys(tls);
    Path base = file.toAbsolutePath().getParent();
    Path ca = existing(tls, "ca", base);
    Path cert = existing(tls, "cert", base);
    Path key = existing(tls, "key", base);
    if ((cert == null) != (key == null)) {
      tls.problem("gateway.tls needs both cert and key for a client certificate, or neither");
    }

    Section dev = top.sectionOrEmpty("device");
    allowKnownKeys(dev);
    String enterprise = id(dev, "enterprise", "acme");
    String deviceId = id(dev, "id", "line1-controller");
    String secret = dev.required("secret", "the secret shown when the device was created");
    DeviceRef device =
        enterprise != null && deviceId != null ? new DeviceRef(enterprise, deviceId) : null;

    Path stateDir = base.resolve(top.text("state-dir", "state"));

    Section st = top.sectionOrEmpty("store");
    allowKnownKeys(st);
    AgentConfig.Store store =
        new AgentConfig.Store(
            st.bytes("max-bytes", 256L << 20, 64 << 10),
            st.choice(
                "overflow",
                choices(
                    "drop-oldest",
                    ReadingStore.Overflow.DROP_OLDEST,
                    "drop-newest",
                    ReadingStore.Overflow.DROP_NEWEST),
                ReadingStore.Overflow.DROP_OLDEST));

    Section pub = top.sectionOrEmpty("publish");
    allowKnownKeys(pub);
    int readingsPerMessage = (int) pub.number("readings-per-message", 100, 1, 1000);
    AgentConfig.Publish publish =
        new AgentConfig.Publish(
            (int) pub.number("max-inflight", defaultInflight(readingsPerMessage), 1, 1000),
            readingsPerMessage);

    Map<String, SerialSettings> buses = buses(remote);

    // With a bad enterprise or device id the machines are still checked, under a stand-in id.
    Map<String, String> drops = new HashMap<>();
    List<CollectorSettings> machines =
        remote.list(
            "machines",
            m ->
                machine(
                    m,
                    enterprise != null ? enterprise : "unknown",
                    deviceId != null ? deviceId : "unknown",
                    buses,
                    drops,
                    secrets));
    if (machines.isEmpty() && !remote.has("machines")) {
      remote.problem(
          "machines is empty; list at least one machine (simulator, modbus, modbus-rtu, dlt645,"
              + " opcua or gnss)");
    }
    Set<String> seen = new HashSet<>();
    for (CollectorSettings machine : machines) {
      if (machine.device() != null && !seen.add(machine.device().device())) {
        remote.problemAt(
            "machines",
            "device '"
                + machine.device().device()
                + "' is listed twice under machines; give each machine its own device id");
      }
    }
    Section cmd = remote.sectionOrEmpty("commands");
    allowKnownKeys(cmd);
    List<AgentConfig.Writable> writable =
        cmd.list(
            "writable",
            w -> {
              allowKnownKeys(w);
              String machine = w.required("device", "press-01");
              String point = w.required("point", "setpoint_kw");
              String type = w.text("type", "number");
              double min = w.decimal("min", Double.NEGATIVE_INFINITY);
              double max = w.decimal("max", Double.POSITIVE_INFINITY);
              if (!type.equals("number") && !type.equals("boolean")) {
                w.problemAt(
                    "type", w.path("type") + " must be number or boolean, not '" + type + "'");
              } else if (type.equals("boolean") && (w.has("min") || w.has("max"))) {
                w.problemAt("min", w.path("min") + " and max do not apply to a boolean point");
              }
              if (machine == null || point == null) {
                return null;
              }
              if (!seen.contains(machine)) {
                w.problemAt(
                    "device", w.path("device") + " '" + machine + "' is not under machines");
              } else if (machines.stream()
                  .anyMatch(
                      m -> m instanceof Dlt645Settings && m.device().device().equals(machine))) {
                w.problemAt(
                    "device",
                    w.path("device")
                        + " '"
                        + machine
                        + "' is a DL/T 645 meter: its points are read, not written");
              } else if (!hasPoint(machines, machine, point)) {
                w.problemAt(
                    "point",
                    w.path("point") + " '" + point + "' is not a point of machine " + machine);
              }
              if (min > max) {
                w.problemAt("min", w.path("min") + " is above max");
              }
              return new AgentConfig.Writable(machine, point, type.equals("boolean"), min, max);
            });
    if (!problems.isEmpty() || device == null) {
      throw new ConfigException(problems);
    }
    return new AgentConfig(
        file,
        new AgentConfig.Gateway(uri, ca, cert, key),
        device,
        secret,
        stateDir,
        store,
        publish,
        machines,
        writable,
        managed == null ? 0 : managed.version(),
        managed == null ? AgentFleet.hash(bytes) : managed.hash());
  }

  /**
   * Messages in flight unless configured: one page of the forwarder's ({@link Forwarder#MAX_PAGE}
   * readings), at least 16 and at most 128 messages (20 with the default 100 readings a message,
   * 128 with one). With one reading a message, 16 in flight bounded an agent to 16 ÷ the PUBACK
   * time (docs/benchmarks.md); a page bounds what one agent holds of the gateway's in-flight
   * budget.
   */
  static int defaultInflight(int readingsPerMessage) {
    return Math.max(16, Math.min(128, Forwarder.MAX_PAGE / readingsPerMessage));
  }

  /** The document's root node, or null if it is empty. */
  private static Node compose(String name, String text) throws ConfigException {
    try {
      return new Yaml(new LoaderOptions()).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
      throw new ConfigException(
          List.of(name + " line " + line + ": not valid YAML: " + e.getProblem()));
    } catch (YAMLException | IllegalArgumentException e) {
      // Unmarked: characters YAML does not allow, more aliases than it expands, or a tag the
      // parser rejects with an IllegalArgumentException (found by fuzzing).
      throw new ConfigException(List.of(name + ": not valid YAML: " + e.getMessage()));
    }
  }

  /**
   * Reports the top-level keys a managed configuration may not have: what only the controller's
   * agent.yaml sets (the gateway, the device's credentials, the secrets) is never set remotely.
   */
  private static void allowManagedKeys(Section remote) {
    for (String key : remote.keys()) {
      if (MANAGED_KEYS.contains(key)) {
        continue;
      }
      remote.problemAtKey(
          key,
          KEYS.get("").contains(key)
              ? key + " is set in agent.yaml on the controller, not remotely"
              : "unknown key '"
                  + key
                  + "'; a managed configuration has only "
                  + String.join(", ", MANAGED_KEYS));
    }
  }

  /** The values under {@code secrets} in the local file, by name. */
  private record Secrets(String file, Map<String, String> values) {}

  private static Secrets secrets(Section top, String file) {
    Map<String, String> values = new HashMap<>();
    Section section = top.section("secrets");
    if (section != null) {
      for (String key : section.keys()) {
        String value = section.text(key, null);
        if (!SECRET_NAME.matcher(key).matches()) {
          section.problemAtKey(
              key,
              "secrets: the name '"
                  + key
                  + "' is not a secret name; use letters, digits, '.', '_' and '-', e.g."
                  + " oven-01-opcua");
        } else if (value != null) {
          values.put(key, value);
        }
      }
    }
    return new Secrets(file, values);
  }

  /**
   * {@code key}'s value, with a {@code ${secret:NAME}} reference replaced by the secret's value
   * from the local file's {@code secrets}; an unknown name is reported.
   */
  private static String secretOrText(Section s, String key, Secrets secrets) {
    String value = s.text(key, null);
    if (value == null) {
      return null;
    }
    Matcher reference = SECRET.matcher(value);
    if (reference.matches()) {
      String secret = secrets.values().get(reference.group(1));
      if (secret == null) {
        s.problemAt(
            key,
            s.path(key)
                + " refers to secret '"
                + reference.group(1)
                + "', which is not under secrets in "
                + secrets.file()
                + "; add it there on the controller, e.g. secrets: { "
                + reference.group(1)
                + ": \"...\" }"
                + (secrets.values().isEmpty()
                    ? ""
                    : " (known: "
                        + String.join(", ", new TreeSet<>(secrets.values().keySet()))
                        + ")"));
        return "";
      }
      return secret;
    }
    if (value.contains("${secret:")) {
      s.problemAt(
          key,
          s.path(key) + " is '" + value + "'; write a secret reference alone, as ${secret:NAME}");
    }
    return value;
  }

  /** Reports every key of {@code section} that {@link #KEYS} does not list for its path. */
  private static void allowKnownKeys(Section section) {
    List<String> known = KEYS.get(section.shape());
    if (known == null) {
      throw new IllegalStateException("ConfigLoader.KEYS has no entry for " + section.shape());
    }
    section.allowOnly(known);
  }

  /** Whether {@code device}'s machine has a point named {@code point}. */
  private static boolean hasPoint(List<CollectorSettings> machines, String device, String point) {
    for (CollectorSettings machine : machines) {
      if (!machine.device().device().equals(device)) {
        continue;
      }
      if (machine instanceof ModbusSettings modbus) {
        return hasPoint(modbus.groups(), point);
      }
      if (machine instanceof ModbusRtuSettings rtu) {
        return hasPoint(rtu.groups(), point);
      }
      if (machine instanceof OpcUaSettings opcua) {
        return opcua.points().stream().anyMatch(p -> p.spec().name().equals(point));
      }
    }
    return false;
  }

  private static boolean hasPoint(List<ModbusSettings.Group> groups, String point) {
    return groups.stream()
        .flatMap(g -> g.points().stream())
        .anyMatch(p -> p.spec().name().equals(point));
  }

  /** Parses a duration as the file writes it ({@code 500ms}, {@code 5s}), or null. */
  public static Duration duration(String text) {
    return Section.parseDuration(text);
  }

  /**
   * The serial lines under {@code buses}, by name.
   *
   * <p>Two buses on one port are refused: a port is one line, and is opened once.
   */
  private static Map<String, SerialSettings> buses(Section top) {
    Map<String, SerialSettings> buses = new LinkedHashMap<>();
    Map<String, String> ports = new HashMap<>();
    top.list(
        "buses",
        b -> {
          allowKnownKeys(b);
          String name = b.required("name", "rs485-1");
          SerialSettings line = serialLine(b);
          if (name == null) {
            return null;
          }
          if (!Ids.isValid(name)) {
            b.problemAt(
                "name",
                b.path("name")
                    + " is '"
                    + name
                    + "'; bus names are lowercase letters, digits and '-', 2 to 63 characters");
          } else if (buses.containsKey(name)) {
            b.problemAt(
                "name", b.path("name") + " '" + name + "' is used twice; give each bus its own");
          }
          if (line != null) {
            String where = line.overTcp() ? "tcp" : "port";
            String address = line.overTcp() ? line.host() + ":" + line.tcpPort() : line.device();
            String other = ports.putIfAbsent(address, name);
            if (other != null) {
              b.problemAt(
                  where,
                  b.path(where)
                      + " "
                      + address
                      + " is also bus "
                      + other
                      + "'s; one line is one bus: list its devices under machines with bus: "
                      + other);
            }
          }
          buses.putIfAbsent(name, line);
          return null;
        });
    return buses;
  }

  private static CollectorSettings machine(
      Section m,
      String enterprise,
      String agentDevice,
      Map<String, SerialSettings> buses,
      Map<String, String> drops,
      Secrets secrets) {
    allowKnownKeys(m);
    String id = m.has("device") ? id(m, "device", "press-01") : agentDevice;
    if (id == null) {
      return null;
    }
    DeviceRef device = new DeviceRef(enterprise, id);
    List<String> kinds =
        Arrays.stream(new String[] {"simulator", "modbus", "modbus-rtu", "dlt645", "opcua", "gnss"})
            .filter(m::has)
            .toList();
    if (kinds.size() != 1) {
      m.problem(
          "each machine needs exactly one of simulator, modbus, modbus-rtu, dlt645, opcua or gnss"
              + (kinds.isEmpty() ? "" : " (found " + String.join(" and ", kinds) + ")"));
      return null;
    }
    return switch (kinds.get(0)) {
      case "simulator" -> simulator(m.section("simulator"), device);
      case "modbus" -> modbus(m.section("modbus"), device);
      case "gnss" -> gnss(m.section("gnss"), device);
      case "modbus-rtu" -> modbusRtu(m.section("modbus-rtu"), device, buses, drops);
      case "dlt645" -> dlt645(m.section("dlt645"), device, buses, drops);
      default -> opcua(m.section("opcua"), device, secrets);
    };
  }

  private static SimulatorSettings simulator(Section s, DeviceRef device) {
    allowKnownKeys(s);
    return new SimulatorSettings(
        device,
        s.duration("interval", Duration.ofSeconds(1)),
        s.number("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE),
        s.number("max-readings", 0, 0, Long.MAX_VALUE));
  }

  private static ModbusSettings modbus(Section s, DeviceRef device) {
    allowKnownKeys(s);
    String host = s.required("host", "192.168.10.21");
    int port = (int) s.number("port", 502, 1, 65535);
    int unit = (int) s.number("unit", 1, 0, 255);
    Duration timeout = s.duration("timeout", Duration.ofSeconds(1));
    return new ModbusSettings(device, host, port, unit, timeout, modbusGroups(s));
  }

  private static ModbusRtuSettings modbusRtu(
      Section s, DeviceRef device, Map<String, SerialSettings> buses, Map<String, String> drops) {
    allowKnownKeys(s);
    String bus = s.required("bus", "rs485-1");
    SerialSettings line = bus == null ? null : bus(s, bus, buses);
    int unit = (int) s.number("unit", 1, 1, 247);
    if (bus != null) {
      uniqueDrop(s, "unit", bus, "Modbus unit " + unit, device, drops);
    }
    return new ModbusRtuSettings(device, bus, line, unit, modbusGroups(s));
  }

  private static Dlt645Settings dlt645(
      Section s, DeviceRef device, Map<String, SerialSettings> buses, Map<String, String> drops) {
    allowKnownKeys(s);
    String bus = s.required("bus", "rs485-1");
    SerialSettings line = bus == null ? null : bus(s, bus, buses);
    String digits = s.required("address", "\"000000123456\" (the 12 digits on the nameplate)");
    MeterAddress address = null;
    if (digits != null) {
      try {
        address = MeterAddress.of(digits);
      } catch (IllegalArgumentException e) {
        s.problemAt("address", s.path("address") + ": " + e.getMessage());
      }
    }
    if (bus != null && address != null) {
      uniqueDrop(s, "address", bus, "DL/T 645 meter " + address, device, drops);
    }
    Duration interval = s.duration("interval", Duration.ofSeconds(15));
    List<Dlt645Settings.Point> points = s.list("points", ConfigLoader::dlt645Point);
    if (points.isEmpty()) {
      s.problem(
          s.path("points")
              + " is empty; list the data identifiers to read, e.g. { data: \"00000000\" }");
    }
    return new Dlt645Settings(device, bus, line, address, interval, points);
  }

  /**
   * A meter's point: its identifier, and a name, unit and kind that default to the identifier's.
   */
  private static Dlt645Settings.Point dlt645Point(Section p) {
    allowKnownKeys(p);
    String data = p.required("data", "\"00000000\" (combined active energy)");
    if (data == null) {
      return null;
    }
    DataId id = DataId.parse(data).orElse(null);
    if (id == null) {
      StringBuilder known = new StringBuilder();
      for (DataId each : DataId.values()) {
        known.append(known.length() == 0 ? "" : ", ").append(each);
      }
      p.problemAt(
          "data",
          p.path("data")
              + " is '"
              + data
              + "'; write one of the identifiers the agent knows, as 8 hex digits in quotes: "
              + known);
      return null;
    }
    String name = p.text("name", id.pointName());
    PointKind kind = p.choice("kind", kindChoices(), id.kind());
    try {
      return new Dlt645Settings.Point(new PointSpec(name, p.text("unit", id.unit()), kind), id);
    } catch (IllegalArgumentException e) {
      p.problemAt("name", p.path("name") + ": " + e.getMessage());
      return null;
    }
  }

  /** The line of the bus a machine names, or null (reported) if there is no such bus. */
  private static SerialSettings bus(Section s, String bus, Map<String, SerialSettings> buses) {
    if (!buses.containsKey(bus)) {
      s.problemAt(
          "bus",
          s.path("bus")
              + " names bus '"
              + bus
              + "', which is not under buses"
              + (buses.isEmpty()
                  ? "; list it there with its port"
                  : " (" + String.join(", ", buses.keySet()) + ")"));
      return null;
    }
    return buses.get(bus);
  }

  /** Reports a second device with the same address on one bus: both would answer. */
  private static void uniqueDrop(
      Section s,
      String key,
      String bus,
      String address,
      DeviceRef device,
      Map<String, String> drops) {
    String other = drops.putIfAbsent(bus + " " + address, device.device());
    if (other != null) {
      s.problemAt(
          key,
          s.path(key)
              + ": "
              + address
              + " on bus "
              + bus
              + " is also "
              + other
              + "'s; give each device on a bus its own address (set on the device)");
    }
  }

  private static List<ModbusSettings.Group> modbusGroups(Section s) {
    List<ModbusSettings.Group> groups =
        s.list(
            "groups",
            g -> {
              allowKnownKeys(g);
              List<ModbusSettings.Point> points = g.list("points", ConfigLoader::modbusPoint);
              if (points.isEmpty()) {
                g.problem(g.path("points") + " is empty; list the registers to read");
              }
              return new ModbusSettings.Group(
                  g.duration("interval", Duration.ofSeconds(1)), points);
            });
    if (groups.isEmpty()) {
      s.problem(s.path("groups") + " is empty; list at least one group of points with an interval");
    }
    return groups;
  }

  private static ModbusSettings.Point modbusPoint(Section p) {
    allowKnownKeys(p);
    PointSpec spec = spec(p);
    ModbusSettings.Area area =
        p.choice("area", enumChoices(ModbusSettings.Area.values(), "_register"), null);
    if (area == null && !p.has("area")) {
      p.problem(p.path("area") + " is required; write holding, input, coil or discrete");
    }
    boolean bits = area == ModbusSettings.Area.COIL || area == ModbusSettings.Area.DISCRETE_INPUT;
    ModbusSettings.DataType type =
        p.choice(
            "type",
            enumChoices(ModbusSettings.DataType.values(), ""),
            bits ? ModbusSettings.DataType.BOOL : ModbusSettings.DataType.UINT16);
    if (area != null && bits != (type == ModbusSettings.DataType.BOOL)) {
      p.problemAt(
          "type",
          p.path("type")
              + " is "
              + type.name().toLowerCase(Locale.ROOT)
              + (bits
                  ? "; coils and discrete inputs are bool"
                  : "; registers are int16, uint16, int32, uint32 or float32"));
    }
    int address = (int) p.number("address", 0, 0, 65535);
    if (!p.has("address")) {
      p.problem(p.path("address") + " is required; write the 0-based register or bit address");
    }
    ModbusSettings.ByteOrder order =
        p.choice(
            "order",
            enumChoices(ModbusSettings.ByteOrder.values(), ""),
            ModbusSettings.ByteOrder.ABCD);
    if (spec == null || area == null) {
      return null;
    }
    return new ModbusSettings.Point(
        spec, area, address, type, order, p.decimal("scale", 1), p.decimal("offset", 0));
  }

  private static OpcUaSettings opcua(Section s, DeviceRef device, Secrets secrets) {
    allowKnownKeys(s);
    String endpoint = s.required("endpoint", "opc.tcp://192.168.10.30:4840");
    if (endpoint != null && !endpoint.startsWith("opc.tcp://")) {
      s.problemAt(
          "endpoint", s.path("endpoint") + " is '" + endpoint + "'; write opc.tcp://host:4840");
    }
    OpcUaSettings.Security security =
        s.choice(
            "security",
            choices(
                "none",
                OpcUaSettings.Security.NONE,
                "basic256sha256",
                OpcUaSettings.Security.BASIC256SHA256),
            OpcUaSettings.Security.NONE);
    String username = secretOrText(s, "username", secrets);
    String password = secretOrText(s, "password", secrets);
    if ((username == null) != (password == null)) {
      s.problem(
          s.path("username") + " and password go together; give both, or neither for anonymous");
    }
    List<OpcUaSettings.Point> points =
        s.list(
            "points",
            p -> {
              allowKnownKeys(p);
              PointSpec spec = spec(p);
              String node = p.required("node", "\"ns=2;s=Line1/Press/Power\"");
              if (node != null && !node.matches("(ns=\\d+;)?[isgb]=.+")) {
                p.problemAt(
                    "node",
                    p.path("node")
                        + " is '"
                        + node
                        + "'; write e.g. \"ns=2;s=Line1/Press/Power\" or \"ns=3;i=1002\"");
              }
              Duration sampling = p.duration("sampling", Duration.ofSeconds(1));
              return spec == null || node == null
                  ? null
                  : new OpcUaSettings.Point(spec, node, sampling);
            });
    if (points.isEmpty()) {
      s.problem(s.path("points") + " is empty; list the nodes to read");
    }
    return new OpcUaSettings(
        device,
        endpoint,
        security,
        username,
        password,
        s.duration("publish-interval", Duration.ofSeconds(1)),
        points);
  }

  private static GnssSettings gnss(Section s, DeviceRef device) {
    allowKnownKeys(s);
    SerialSettings line = serialLine(s);
    Duration interval = s.duration("interval", Duration.ofSeconds(1));
    double minMove = s.decimal("min-move-metres", 5);
    if (minMove < 0) {
      s.problemAt(
          "min-move-metres",
          s.path("min-move-metres") + " is " + minMove + "; write a distance in metres, 0 or more");
    }
    Duration stillEvery = s.duration("still-every", Duration.ofSeconds(60));
    return line == null
        ? null
        : new GnssSettings(device, line, interval, Math.max(0, minMove), stillEvery);
  }

  /** The keys of a serial line ({@link #serialLine}), then {@code more}. */
  private static List<String> serialKeys(String... more) {
    List<String> keys =
        new ArrayList<>(
            List.of("port", "tcp", "baud", "data-bits", "parity", "stop-bits", "timeout", "gap"));
    keys.addAll(List.of(more));
    return List.copyOf(keys);
  }

  /**
   * A serial line: {@code port} (a local device such as /dev/ttyUSB0) or {@code tcp} ("host:port"
   * of a serial server), not both; {@code baud} (default 9600), {@code data-bits} (7 or 8, default
   * 8), {@code parity} (none, even or odd; default none), {@code stop-bits} (1 or 2, default 1),
   * {@code timeout} (default 1s) and {@code gap} (default 3.5 character times at the baud, at least
   * 2ms). Problems are reported on {@code s}.
   *
   * @return the line, or null if it has problems
   */
  static SerialSettings serialLine(Section s) {
    String device = s.text("port", null);
    String tcp = s.text("tcp", null);
    String host = null;
    int tcpPort = 0;
    boolean ok = true;
    if (device != null && tcp != null) {
      s.problemAt(
          "tcp",
          s.path("port")
              + " and "
              + s.path("tcp")
              + " are both given; write port for a local serial port or tcp for a serial server,"
              + " not both");
      ok = false;
    } else if (device == null && tcp == null) {
      s.problem(
          s.path("port")
              + " is required; write e.g. port: /dev/ttyUSB0, or tcp: 192.168.1.20:4001 for a"
              + " serial server");
      ok = false;
    } else if (device != null && device.isEmpty()) {
      s.problemAt("port", s.path("port") + " is empty; write e.g. port: /dev/ttyUSB0");
      ok = false;
    } else if (tcp != null) {
      int colon = tcp.lastIndexOf(':');
      host = colon <= 0 ? "" : tcp.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      try {
        tcpPort = colon < 0 ? 0 : Integer.parseInt(tcp.substring(colon + 1));
      } catch (NumberFormatException e) {
        tcpPort = 0;
      }
      if (host.isEmpty() || tcpPort < 1 || tcpPort > 65535) {
        s.problemAt(
            "tcp",
            s.path("tcp")
                + " is '"
                + tcp
                + "'; write the serial server's host:port, e.g. 192.168.1.20:4001");
        ok = false;
      }
    }
    int baud = (int) s.number("baud", 9600, 50, 4_000_000);
    int dataBits = (int) s.number("data-bits", 8, 7, 8);
    Map<String, SerialSettings.Parity> parities = new LinkedHashMap<>();
    parities.put("none", SerialSettings.Parity.NONE);
    parities.put("even", SerialSettings.Parity.EVEN);
    parities.put("odd", SerialSettings.Parity.ODD);
    SerialSettings.Parity parity = s.choice("parity", parities, SerialSettings.Parity.NONE);
    int stopBits = (int) s.number("stop-bits", 1, 1, 2);
    Duration timeout = s.duration("timeout", Duration.ofSeconds(1));
    int bits = 1 + dataBits + (parity == SerialSettings.Parity.NONE ? 0 : 1) + stopBits;
    Duration characters = Duration.ofNanos((long) Math.ceil(3.5 * bits * 1e9 / baud));
    Duration least = Duration.ofMillis(2);
    Duration gap = s.duration("gap", characters.compareTo(least) > 0 ? characters : least);
    if (!ok) {
      return null;
    }
    return device != null
        ? new SerialSettings(device, null, 0, baud, dataBits, parity, stopBits, timeout, gap)
        : new SerialSettings(null, host, tcpPort, baud, dataBits, parity, stopBits, timeout, gap);
  }

  private static PointSpec spec(Section p) {
    String name = p.required("name", "power_kw");
    PointKind kind = p.choice("kind", kindChoices(), PointKind.GENERIC);
    try {
      return name == null ? null : new PointSpec(name, p.text("unit", ""), kind);
    } catch (IllegalArgumentException e) {
      p.problemAt("name", p.path("name") + ": " + e.getMessage());
      return null;
    }
  }

  private static String id(Section s, String key, String example) {
    String value = s.required(key, example);
    if (value != null && !Ids.isValid(value)) {
      s.problemAt(
          key,
          s.path(key)
              + " is '"
              + value
              + "'; ids are lowercase letters, digits and '-', 2 to 63 characters, as shown in the"
              + " portal");
      return null;
    }
    return value;
  }

  private static Path existing(Section s, String key, Path base) {
    String value = s.text(key, null);
    if (value == null) {
      return null;
    }
    Path path = base.resolve(value);
    if (!Files.isReadable(path)) {
      s.problemAt(key, s.path(key) + " names " + path + ", which cannot be read");
    }
    return path;
  }

  private static Map<String, PointKind> kindChoices() {
    Map<String, PointKind> kinds = new LinkedHashMap<>();
    for (PointKind kind : PointKind.values()) {
      kinds.put(kind.id(), kind);
    }
    return kinds;
  }

  /** Enum constants as the file writes them: {@code holding}, {@code discrete}, {@code float32}. */
  private static <E extends Enum<E>> Map<String, E> enumChoices(E[] values, String dropSuffix) {
    Map<String, E> choices = new LinkedHashMap<>();
    for (E value : values) {
      String name = value.name().toLowerCase(Locale.ROOT);
      if (!dropSuffix.isEmpty() && name.endsWith(dropSuffix)) {
        name = name.substring(0, name.length() - dropSuffix.length());
      }
      choices.put(name.replace("discrete_input", "discrete"), value);
    }
    return choices;
  }

  private static <T> Map<String, T> choices(String a, T va, String b, T vb) {
    Map<String, T> choices = new LinkedHashMap<>();
    choices.put(a, va);
    choices.put(b, vb);
    return choices;
  }
}
