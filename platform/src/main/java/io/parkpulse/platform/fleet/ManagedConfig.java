package io.parkpulse.platform.fleet;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
      LoaderOptions options = new LoaderOptions();
      options.setMaxAliasesForCollections(10);
      root = new Yaml(options).compose(new StringReader(text));
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

  /** Reports every secret written out instead of referenced. */
  private static void secrets(Node node, List<String> problems) {
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        Node value = tuple.getValueNode();
        if (tuple.getKeyNode() instanceof ScalarNode key
            && SECRET_KEYS.contains(key.getValue())
            && !(value instanceof ScalarNode s
                && SECRET_REFERENCE.matcher(s.getValue()).matches())) {
          // The value itself is never repeated: the problem names its line only.
          problems.add(
              line(value.getStartMark())
                  + key.getValue()
                  + " is written out; reference a secret kept on the controller instead, e.g. "
                  + key.getValue()
                  + ": ${secret:oven-01-opcua}, with the value under secrets in its agent.yaml");
        } else {
          secrets(value, problems);
        }
      }
    } else if (node instanceof SequenceNode list) {
      list.getValue().forEach(n -> secrets(n, problems));
    }
  }

  private static final Pattern WRITTEN_SECRET =
      Pattern.compile(
          "(?<![\\w.-])(?<!\\$\\{)(password|secret)(\\s*:\\s*)(?!\\$\\{secret:)"
              + "([^,}\\]\\s#](?:[^,}\\]\\n#]*[^,}\\]\\s#])?)");

  /**
   * {@code text} with every secret written out replaced by {@code ******}: what a refused form may
   * show again.
   */
  public static String redact(String text) {
    return text == null ? null : WRITTEN_SECRET.matcher(text).replaceAll("$1$2******");
  }

  /** The hash agents report: lowercase hex SHA-256 of the text's UTF-8 bytes. */
  public static String hash(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String line(Mark mark) {
    return mark == null ? "" : "line " + (mark.getLine() + 1) + ": ";
  }
}
