package io.parkpulse.platform.fleet;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * An agent's managed configuration: the part of its configuration the platform may send ({@code
 * buses}, {@code machines}, {@code commands}). The platform checks its shape and that it holds no
 * secret; the agent checks the rest, line by line, as {@code parkpulse-agent check} does.
 */
public final class ManagedConfig {

  /** The top-level keys a managed configuration may have. */
  public static final List<String> KEYS = List.of("buses", "machines", "commands");

  /** Keys whose values are secrets: written only as a reference to the controller's secrets. */
  private static final Set<String> SECRET_KEYS = Set.of("password", "secret");

  /** {@code ${secret:NAME}}: a secret the agent takes from {@code secrets} in its agent.yaml. */
  public static final Pattern SECRET_REFERENCE =
      Pattern.compile("\\$\\{secret:[A-Za-z0-9][A-Za-z0-9._-]{0,62}}");

  /**
   * The most text a configuration may hold: it travels in one command, whose JSON payload is at
   * most 64 KiB.
   */
  public static final int MAX_CHARS = 32_768;

  private ManagedConfig() {}

  /**
   * What is wrong with {@code text}, each problem with its line and the fix; empty if the platform
   * may send it.
   */
  public static List<String> problems(String text) {
    List<String> problems = new ArrayList<>();
    if (text == null || text.isBlank()) {
      problems.add("the configuration is empty; list at least machines");
      return problems;
    }
    if (text.length() > MAX_CHARS) {
      problems.add("the configuration has " + text.length() + " characters; at most " + MAX_CHARS);
      return problems;
    }
    Node root;
    try {
      root = parse(text);
    } catch (MarkedYAMLException e) {
      problems.add(line(e.getProblemMark()) + "not valid YAML: " + e.getProblem());
      return problems;
    } catch (YAMLException | IllegalArgumentException e) {
      problems.add("not valid YAML: " + e.getMessage());
      return problems;
    }
    if (!(root instanceof MappingNode top)) {
      problems.add(
          (root == null ? "" : line(root.getStartMark()))
              + "the configuration must be a mapping with "
              + String.join(", ", KEYS));
      return problems;
    }
    boolean machines = false;
    for (NodeTuple tuple : top.getValue()) {
      String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
      if (!KEYS.contains(key)) {
        problems.add(
            line(tuple.getKeyNode().getStartMark())
                + "'"
                + key
                + "' is set in agent.yaml on the controller, not remotely; a managed configuration"
                + " holds only "
                + String.join(", ", KEYS));
      }
      if (key.equals("machines")) {
        machines = tuple.getValueNode() instanceof SequenceNode list && !list.getValue().isEmpty();
      }
    }
    if (!machines) {
      problems.add("machines is missing or empty; list at least one machine");
    }
    secrets(top, problems);
    return problems;
  }

  private static Node parse(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(10);
    return new Yaml(options).compose(new StringReader(text));
  }

  /** Reports every secret written out instead of referenced. */
  private static void secrets(Node top, List<String> problems) {
    for (Node value : writtenSecrets(top)) {
      // The value itself is never repeated: the problem names its line only.
      problems.add(
          line(value.getStartMark())
              + "a password or secret is written out; reference a secret kept on the controller"
              + " instead, e.g. password: ${secret:oven-01-opcua}, with the value under secrets in"
              + " its agent.yaml");
    }
  }

  /**
   * The values that hold a secret written out: under a key {@code password} or {@code secret} (in
   * any case, quoted or not) that is not a reference, and all of a {@code secrets} mapping.
   */
  private static List<Node> writtenSecrets(Node top) {
    List<Node> found = new ArrayList<>();
    walk(top, found, Collections.newSetFromMap(new IdentityHashMap<>()));
    return found;
  }

  private static void walk(Node node, List<Node> found, Set<Node> seen) {
    if (!seen.add(node)) {
      return; // an alias of a node already walked, maybe of one of its own parents
    }
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        Node value = tuple.getValueNode();
        String key =
            tuple.getKeyNode() instanceof ScalarNode k ? k.getValue().toLowerCase(Locale.ROOT) : "";
        if (key.equals("secrets")
            || (SECRET_KEYS.contains(key)
                && !(value instanceof ScalarNode s
                    && SECRET_REFERENCE.matcher(s.getValue()).matches()))) {
          found.add(value);
        } else {
          walk(value, found, seen);
        }
      }
    } else if (node instanceof SequenceNode list) {
      list.getValue().forEach(n -> walk(n, found, seen));
    }
  }

  /** A line that names a password or secret key, with what follows it. */
  private static final Pattern SECRET_LINE =
      Pattern.compile(
          "(?im)^(.*?[\\s{,\"']|)(password|secret|secrets)([\"']?\\s*:)(?!\\s*\\$\\{secret:[^}]*}\\s*(#.*)?$).*$");

  /**
   * {@code text} with every secret written out replaced by {@code ******}: what a refused form may
   * show again. Where the text is YAML, each such value is replaced where it stands (a block
   * scalar, a {@code secrets} mapping whole); where it is not, every line naming a password or
   * secret keeps only its key.
   */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    List<Node> secrets;
    try {
      Node root = parse(text);
      secrets = root == null ? List.of() : writtenSecrets(root);
    } catch (YAMLException | IllegalArgumentException e) {
      return SECRET_LINE.matcher(text).replaceAll("$1$2$3 ******");
    }
    StringBuilder out = new StringBuilder(text);
    List<Node> byPlace = new ArrayList<>(secrets);
    // From the end, so that the earlier places stay where they are.
    byPlace.sort(
        (a, b) -> Integer.compare(b.getStartMark().getIndex(), a.getStartMark().getIndex()));
    for (Node value : byPlace) {
      int start = value.getStartMark().getIndex();
      int end = Math.min(value.getEndMark().getIndex(), out.length());
      String replaced = out.substring(start, end);
      out.replace(start, end, replaced.endsWith("\n") ? "******\n" : "******");
    }
    return out.toString();
  }

  private static String line(Mark mark) {
    return mark == null ? "" : "line " + (mark.getLine() + 1) + ": ";
  }
}
