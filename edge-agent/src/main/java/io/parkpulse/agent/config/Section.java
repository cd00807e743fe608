package io.parkpulse.agent.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A mapping of the YAML configuration, read with the line of every value at hand, so that each
 * problem names its line, its path ({@code machines[1].modbus.port}) and the fix. Problems are
 * collected, not thrown, so that {@code check} reports them all at once.
 */
final class Section {

  private final String file;
  private final String path;
  private final Node node;
  private final Map<String, Node> values = new LinkedHashMap<>();
  private final Map<String, Node> keys = new LinkedHashMap<>();
  private final List<String> problems;

  Section(String file, String path, Node node, List<String> problems) {
    this.file = file;
    this.path = path;
    this.node = node;
    this.problems = problems;
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode key) {
          values.put(key.getValue(), tuple.getValueNode());
          keys.put(key.getValue(), key);
        }
      }
    } else if (node != null) {
      problem(node, where() + "must be a mapping of keys to values");
    }
  }

  /** Reports keys that are not {@code known}: most often a typo that would go unnoticed. */
  void allowOnly(List<String> known) {
    Set<String> allowed = Set.copyOf(known);
    for (Map.Entry<String, Node> entry : values.entrySet()) {
      if (!allowed.contains(entry.getKey())) {
        problem(
            entry.getValue(),
            "unknown key '"
                + entry.getKey()
                + "'"
                + (path.isEmpty() ? "" : " under " + path)
                + "; known keys: "
                + String.join(", ", known));
      }
    }
  }

  /** The mapping's keys, in the file's order. */
  List<String> keys() {
    return List.copyOf(values.keySet());
  }

  boolean has(String key) {
    return values.containsKey(key);
  }

  String text(String key, String fallback) {
    Node value = values.get(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof ScalarNode scalar)) {
      problem(value, path(key) + " must be a single value");
      return fallback;
    }
    return scalar.getValue().trim();
  }

  /** A required value; reported (and null) when missing. */
  String required(String key, String example) {
    String value = text(key, null);
    if (value == null || value.isEmpty()) {
      problem(node, path(key) + " is required; write e.g. " + key + ": " + example);
      return null;
    }
    return value;
  }

  long number(String key, long fallback, long min, long max) {
    String value = text(key, null);
    if (value == null) {
      return fallback;
    }
    try {
      long n = Long.parseLong(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problem(
        values.get(key),
        path(key) + " is '" + value + "'; write a whole number from " + min + " to " + max);
    return fallback;
  }

  double decimal(String key, double fallback) {
    String value = text(key, null);
    if (value == null) {
      return fallback;
    }
    try {
      double d = Double.parseDouble(value);
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problem(values.get(key), path(key) + " is '" + value + "'; write a number such as 0.1");
    return fallback;
  }

  /** {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h} or an ISO-8601 duration. */
  Duration duration(String key, Duration fallback) {
    String value = text(key, null);
    if (value == null) {
      return fallback;
    }
    Duration d = parseDuration(value);
    if (d == null || d.isNegative() || d.isZero()) {
      problem(
          values.get(key),
          path(key) + " is '" + value + "'; write a duration like 500ms, 1s or 5m");
      return fallback;
    }
    return d;
  }

  /** {@code 512k}, {@code 256m}, {@code 1g} or bytes; at least {@code min}. */
  long bytes(String key, long fallback, long min) {
    String value = text(key, null);
    if (value == null) {
      return fallback;
    }
    String t = value.toLowerCase(Locale.ROOT);
    long unit =
        switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
          case 'k' -> 1L << 10;
          case 'm' -> 1L << 20;
          case 'g' -> 1L << 30;
          default -> 1;
        };
    try {
      long n = Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit;
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problem(
        values.get(key),
        path(key) + " is '" + value + "'; write a size of at least " + min / 1024 + "k, like 256m");
    return fallback;
  }

  /** One of {@code choices} (keys as written in the file, lowercase). */
  <T> T choice(String key, Map<String, T> choices, T fallback) {
    String value = text(key, null);
    if (value == null) {
      return fallback;
    }
    T chosen = choices.get(value.toLowerCase(Locale.ROOT));
    if (chosen == null) {
      problem(
          values.get(key),
          path(key) + " is '" + value + "'; write one of " + String.join(", ", choices.keySet()));
      return fallback;
    }
    return chosen;
  }

  /** A nested mapping, or null if absent. */
  Section section(String key) {
    Node value = values.get(key);
    return value == null ? null : new Section(file, path(key), value, problems);
  }

  /** A nested mapping, empty if absent. */
  Section sectionOrEmpty(String key) {
    Section section = section(key);
    return section != null ? section : new Section(file, path(key), null, problems);
  }

  /** The mappings of a list, each read with {@code reader}. */
  <T> List<T> list(String key, Function<Section, T> reader) {
    Node value = values.get(key);
    List<T> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof SequenceNode sequence)) {
      problem(value, path(key) + " must be a list (lines starting with '- ')");
      return out;
    }
    for (int i = 0; i < sequence.getValue().size(); i++) {
      T item =
          reader.apply(
              new Section(file, path(key) + "[" + i + "]", sequence.getValue().get(i), problems));
      if (item != null) {
        out.add(item);
      }
    }
    return out;
  }

  /** Reports a problem at this mapping's line. */
  void problem(String message) {
    problem(node, message);
  }

  /** Reports a problem with {@code key}'s value, at its line. */
  void problemAt(String key, String message) {
    problem(values.getOrDefault(key, node), message);
  }

  /** Reports a problem with {@code key} itself, at the key's line (its value may start below). */
  void problemAtKey(String key, String message) {
    problem(keys.getOrDefault(key, node), message);
  }

  /** The path with {@code []} for each list index: {@code machines[].modbus}. */
  String shape() {
    return path.replaceAll("\\[\\d+]", "[]");
  }

  String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private String where() {
    return path.isEmpty() ? "the file " : path + " ";
  }

  private void problem(Node at, String message) {
    int line = at == null ? 1 : at.getStartMark().getLine() + 1;
    problems.add(file + " line " + line + ": " + message);
  }

  static Duration parseDuration(String text) {
    String t = text.trim();
    try {
      if (t.startsWith("P") || t.startsWith("p")) {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> null;
      };
    } catch (RuntimeException e) {
      return null;
    }
  }
}
