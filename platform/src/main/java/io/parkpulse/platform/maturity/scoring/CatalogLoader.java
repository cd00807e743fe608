package io.parkpulse.platform.maturity.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.platform.maturity.scoring.Catalog.CrossCheck;
import io.parkpulse.platform.maturity.scoring.Catalog.Question;
import io.parkpulse.platform.maturity.scoring.Catalog.Requirement;
import io.parkpulse.platform.maturity.scoring.Catalog.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads a catalog from JSON and validates all of it at once: a catalog with a mistake is refused
 * with every mistake listed, so that it is fixed in one go (ids, levels, domains, evidence types,
 * indicator names, targets, weights, recommendations in both languages).
 */
public final class CatalogLoader {

  /** The GB/T 39116 capability domains. */
  public static final Set<String> DOMAINS =
      Set.of("组织战略", "人员技能", "数据", "集成", "信息安全", "装备", "网络", "设计", "生产", "物流", "销售", "服务");

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");
  private static final List<String> LANGUAGES = List.of("zh", "en");

  private final ObjectMapper mapper = new ObjectMapper();

  /** Thrown for a catalog that is not valid; the message lists every problem. */
  public static final class InvalidCatalogException extends RuntimeException {
    private final List<String> problems;

    InvalidCatalogException(String name, List<String> problems) {
      super("catalog " + name + " is not valid:\n  " + String.join("\n  ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  /** Loads a catalog shipped with the platform, e.g. {@code test-v0}. */
  public Catalog bundled(String version) {
    String resource = "/io/parkpulse/platform/maturity/catalog-" + version + ".json";
    try (InputStream in = CatalogLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no bundled catalog " + version);
      }
      return load(version, in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Catalog load(String name, InputStream json) throws IOException {
    JsonNode root = mapper.readTree(json);
    List<String> problems = new ArrayList<>();
    String version = text(root, "version", "catalog", problems);
    List<Question> questions = new ArrayList<>();
    Set<String> questionIds = new HashSet<>();
    for (JsonNode q : array(root, "questions")) {
      String id = text(q, "id", "question", problems);
      if (id != null && !questionIds.add(id)) {
        problems.add("question " + id + " appears twice");
      }
      Map<String, String> text = texts(q, "text", "question " + id, problems);
      Optional<CrossCheck> check = Optional.empty();
      if (q.hasNonNull("crossCheck")) {
        JsonNode c = q.get("crossCheck");
        String indicator = indicator(c, "question " + id, problems);
        check = target(c, "question " + id, problems).map(t -> new CrossCheck(indicator, t));
      }
      questions.add(new Question(id, text, check));
    }
    List<Requirement> requirements = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Map<Integer, Double> weights = new TreeMap<>();
    for (JsonNode r : array(root, "requirements")) {
      String id = text(r, "id", "requirement", problems);
      String at = "requirement " + id;
      if (id != null && !ID.matcher(id).matches()) {
        problems.add(at + ": id must match " + ID.pattern());
      }
      if (id != null && !ids.add(id)) {
        problems.add(at + " appears twice");
      }
      int level = r.path("level").asInt(0);
      if (level < 1 || level > 5) {
        problems.add(at + ": level must be 1 to 5");
      }
      String domain = text(r, "domain", at, problems);
      if (domain != null && !DOMAINS.contains(domain)) {
        problems.add(at + ": domain '" + domain + "' is not one of " + DOMAINS);
      }
      Catalog.Evidence evidence = null;
      String type = text(r, "evidence", at, problems);
      try {
        evidence = type == null ? null : Catalog.Evidence.valueOf(type.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(at + ": evidence must be telemetry, platform or questionnaire");
      }
      String source = null;
      Optional<Target> target = Optional.empty();
      if (evidence == Catalog.Evidence.QUESTIONNAIRE) {
        source = text(r, "question", at, problems);
        if (source != null && !questionIds.contains(source)) {
          problems.add(at + ": question '" + source + "' is not in the catalog");
        }
      } else if (evidence != null) {
        source = indicator(r, at, problems);
        target = target(r, at, problems);
      }
      double weight = r.path("weight").asDouble(0);
      if (!(weight > 0 && weight <= 1)) {
        problems.add(at + ": weight must be above 0 and at most 1");
      }
      weights.merge(level, weight, Double::sum);
      Map<String, String> recommendation = texts(r, "recommendation", at, problems);
      requirements.add(
          new Requirement(id, level, domain, evidence, source, target, weight, recommendation));
    }
    if (requirements.isEmpty()) {
      problems.add("the catalog has no requirements");
    }
    int maxLevel = weights.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
    for (int level = 1; level <= maxLevel; level++) {
      Double sum = weights.get(level);
      if (sum == null) {
        problems.add("level " + level + " has no requirements, but a higher level has");
      } else if (Math.abs(sum - 1) > 1e-6) {
        problems.add(
            String.format(Locale.ROOT, "weights of level %d add up to %.3f, not 1", level, sum));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidCatalogException(name, problems);
    }
    return new Catalog(version, questions, requirements);
  }

  private static String indicator(JsonNode node, String at, List<String> problems) {
    String indicator = text(node, "indicator", at, problems);
    if (indicator != null && !Indicators.KNOWN.containsKey(indicator)) {
      problems.add(
          at + ": indicator '" + indicator + "' is not one of " + Indicators.KNOWN.keySet());
    }
    return indicator;
  }

  private static Optional<Target> target(JsonNode node, String at, List<String> problems) {
    JsonNode t = node.get("target");
    if (t == null || !(t.has("atLeast") ^ t.has("atMost"))) {
      problems.add(at + ": target must be {\"atLeast\": n} or {\"atMost\": n}");
      return Optional.empty();
    }
    boolean lower = t.has("atMost");
    double value = t.get(lower ? "atMost" : "atLeast").asDouble(-1);
    if (value < 0) {
      problems.add(at + ": target must not be negative");
    }
    return Optional.of(new Target(value, lower));
  }

  private static Map<String, String> texts(
      JsonNode node, String field, String at, List<String> problems) {
    JsonNode texts = node.get(field);
    Map<String, String> values = new TreeMap<>();
    for (String language : LANGUAGES) {
      JsonNode text = texts == null ? null : texts.get(language);
      if (text == null || !text.isTextual() || text.asText().isBlank()) {
        problems.add(at + ": " + field + "." + language + " is missing");
      } else {
        values.put(language, text.asText());
      }
    }
    return values;
  }

  private static String text(JsonNode node, String field, String at, List<String> problems) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      problems.add(at + ": " + field + " is missing");
      return null;
    }
    return value.asText();
  }

  private static Iterable<JsonNode> array(JsonNode root, String field) {
    JsonNode array = root.path(field);
    Iterator<JsonNode> elements =
        array.isArray() ? array.elements() : List.<JsonNode>of().iterator();
    return () -> elements;
  }
}
