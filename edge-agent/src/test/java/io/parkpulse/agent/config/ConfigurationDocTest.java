package io.parkpulse.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.devstack.docs.DocTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The Edge agent table of docs/configuration.md names every key {@link ConfigLoader} accepts, no
 * other, and says right which are required and what the others default to: each row is tried on a
 * small valid file, without the key and with the key set to its documented default. A key required
 * only in some files is written "required by …" or "required, or …".
 */
class ConfigurationDocTest {

  private static final String TABLE = "the table under 'Edge agent' of docs/configuration.md";

  /** A file with every required key and one machine of each kind; the rows are tried on it. */
  private static final String BASE =
      """
      gateway:
        uri: tcp://gateway.test:1883
      device:
        enterprise: acme
        id: line1-controller
        secret: the-secret
      buses:
        - name: rs485-1
          port: /dev/ttyUSB0
      machines:
        - device: sim-01
          simulator: {}
        - device: press-01
          modbus:
            host: 192.0.2.1
            groups:
              - points:
                  - { name: power_kw, area: holding, address: 0 }
        - device: oven-01
          opcua:
            endpoint: opc.tcp://192.0.2.2:4840
            points:
              - { name: temperature_c, node: "ns=2;s=Oven/Temperature" }
        - device: pump-01
          modbus-rtu:
            bus: rs485-1
            groups:
              - points:
                  - { name: flow_m3h, area: holding, address: 0 }
        - device: meter-01
          dlt645:
            bus: rs485-1
            address: "000000123456"
            points:
              - { data: "00000000" }
        - device: forklift-07
          gnss:
            port: /dev/ttyUSB1
      commands:
        writable:
          - { device: press-01, point: power_kw }
      """;

  @TempDir Path dir;

  private final List<DocTable.Row> rows =
      DocTable.read(Path.of("../docs/configuration.md"), "Edge agent", "key", "default", "meaning");

  @Test
  void documentsEveryKeyConfigLoaderAccepts() {
    Set<String> documented = new TreeSet<>();
    rows.forEach(row -> row.code("key").ifPresent(documented::add));
    List<String> problems = new ArrayList<>();
    for (String key : knownKeys(true)) {
      if (!documented.contains(key)) {
        problems.add("`" + key + "` is accepted by ConfigLoader but not in " + TABLE);
      }
    }
    assertNoProblems(problems);
  }

  @Test
  void documentsNoKeyConfigLoaderRejects() {
    Set<String> known = knownKeys(false);
    Map<String, String> seen = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (DocTable.Row row : rows) {
      Optional<String> key = row.code("key");
      if (key.isEmpty()) {
        problems.add(row.where() + ": write one key per row, as `key`");
      } else if (!known.contains(key.get())) {
        int dot = key.get().lastIndexOf('.');
        String parent = dot < 0 ? "" : key.get().substring(0, dot);
        problems.add(
            row.where()
                + ": `"
                + key.get()
                + "` is not a key ConfigLoader accepts; "
                + (ConfigLoader.KEYS.containsKey(parent)
                    ? "under `" + parent + "` it knows " + ConfigLoader.KEYS.get(parent)
                    : "it knows " + known));
      } else if (seen.putIfAbsent(key.get(), row.where()) != null) {
        problems.add(
            row.where() + ": `" + key.get() + "` again (also " + seen.get(key.get()) + ")");
      }
    }
    assertNoProblems(problems);
  }

  @Test
  void documentsWhichKeysAreRequiredAndTheDefaultsOfTheOthers() throws Exception {
    Object baseline = load(parse(BASE));
    assertThat(baseline).as("the test's base file loads").isInstanceOf(AgentConfig.class);
    List<String> problems = new ArrayList<>();
    for (DocTable.Row row : rows) {
      Optional<String> key = row.code("key");
      if (key.isEmpty() || !knownKeys(false).contains(key.get())) {
        continue; // reported by documentsNoKeyConfigLoaderRejects
      }
      String at = row.where() + ": `" + key.get() + "`";
      Map<String, Object> without = parse(BASE);
      place(without, key.get(), null);
      Object loaded = load(without);
      // "required", or "required by …" / "required, or …" for a key needed only in some files.
      if (row.cell("default").toLowerCase(Locale.ROOT).startsWith("required")) {
        String name = key.get().substring(key.get().lastIndexOf('.') + 1).replace("[]", "");
        if (loaded instanceof AgentConfig
            || ((List<?>) loaded).stream().noneMatch(p -> p.toString().contains(name))) {
          problems.add(at + " is documented as required, but a file without it " + outcome(loaded));
        }
        continue;
      }
      if (!(loaded instanceof AgentConfig)) {
        problems.add(at + " is documented as optional, but a file without it " + outcome(loaded));
        continue;
      }
      Optional<String> defaultValue = row.code("default");
      if (defaultValue.isPresent()) {
        Map<String, Object> with = parse(BASE);
        place(with, key.get(), defaultValue.get());
        Object explicit = load(with);
        if (!loaded.equals(explicit)) {
          problems.add(
              at
                  + " is documented with the default `"
                  + defaultValue.get()
                  + "`, but setting it to that "
                  + (explicit instanceof AgentConfig
                      ? "reads differently from leaving it out: " + difference(explicit, loaded)
                      : outcome(explicit)));
        }
      }
    }
    assertNoProblems(problems);
  }

  /**
   * The keys of {@link ConfigLoader#KEYS} as the table writes them ({@code store.max-bytes}, {@code
   * machines[]}); with {@code leavesOnly}, without the mappings and lists.
   */
  private static Set<String> knownKeys(boolean leavesOnly) {
    Set<String> keys = new TreeSet<>();
    ConfigLoader.KEYS.forEach(
        (section, names) -> {
          for (String name : names) {
            String key = section.isEmpty() ? name : section + "." + name;
            boolean list = ConfigLoader.KEYS.containsKey(key + "[]");
            if (!leavesOnly || !(list || ConfigLoader.KEYS.containsKey(key))) {
              keys.add(list ? key + "[]" : key);
            }
          }
        });
    return keys;
  }

  /**
   * Sets {@code key} to {@code value} in {@code file}, or removes it if {@code value} is null. A
   * list stands for its first element that has the next key ({@code machines[].modbus}: the Modbus
   * machine), or its first element.
   */
  @SuppressWarnings("unchecked")
  private static void place(Map<String, Object> file, String key, String value) {
    String[] path = key.split("\\.");
    Map<String, Object> mapping = file;
    for (int i = 0; i < path.length - 1; i++) {
      String name = path[i].replace("[]", "");
      Object child = mapping.get(name);
      if (child == null) {
        if (value == null) {
          return; // nothing to remove
        }
        child =
            path[i].endsWith("[]")
                ? new ArrayList<>(List.of(new LinkedHashMap<String, Object>()))
                : new LinkedHashMap<String, Object>();
        mapping.put(name, child);
      }
      if (child instanceof List<?> list) {
        String next = path[i + 1].replace("[]", "");
        child =
            ((List<Object>) list)
                .stream()
                    .filter(e -> e instanceof Map<?, ?> m && m.containsKey(next))
                    .findFirst()
                    .orElse(list.get(0));
      }
      mapping = (Map<String, Object>) child;
    }
    String name = path[path.length - 1].replace("[]", "");
    if (value == null) {
      mapping.remove(name);
    } else {
      mapping.put(name, value);
    }
  }

  private static Map<String, Object> parse(String yaml) {
    return new Yaml().load(yaml);
  }

  /** The configuration {@code file} reads as, or the problems ConfigLoader finds in it. */
  private Object load(Map<String, Object> file) throws Exception {
    Path path = dir.resolve("agent.yaml");
    Files.writeString(path, new Yaml().dump(file));
    try {
      // The hash is of the file's bytes, which differ with every row tried: compared without it.
      return withoutHash(ConfigLoader.load(path));
    } catch (ConfigException e) {
      return e.problems();
    }
  }

  private static AgentConfig withoutHash(AgentConfig c) {
    return new AgentConfig(
        c.file(),
        c.gateway(),
        c.device(),
        c.secret(),
        c.stateDir(),
        c.store(),
        c.publish(),
        c.machines(),
        c.writable(),
        c.configVersion(),
        "");
  }

  /** Where two configurations differ: {@code …maxBytes=134217728… instead of …=268435456…}. */
  private static String difference(Object actual, Object expected) {
    String a = actual.toString();
    String e = expected.toString();
    int i = 0;
    while (i < a.length() && i < e.length() && a.charAt(i) == e.charAt(i)) {
      i++;
    }
    int from = Math.max(0, i - 40);
    return "…"
        + a.substring(from, Math.min(a.length(), i + 20))
        + "… instead of …"
        + e.substring(from, Math.min(e.length(), i + 20))
        + "…";
  }

  private static String outcome(Object loaded) {
    return loaded instanceof AgentConfig ? "loads" : "is rejected: " + loaded;
  }

  private static void assertNoProblems(List<String> problems) {
    assertThat(problems).withFailMessage("%n%s", String.join("\n", problems)).isEmpty();
  }
}
