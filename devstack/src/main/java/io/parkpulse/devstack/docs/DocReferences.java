package io.parkpulse.devstack.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Holds what a Markdown document names to what the repository has: files and directories (links and
 * code spans), ParkPulse's classes, the {@code ./parkpulse} commands and the platform's HTTP
 * endpoints. Every check returns its problems, each with the document, the line and what is wrong.
 *
 * <ul>
 *   <li>A link to a relative path must reach a file or directory; a {@code #fragment} must be a
 *       heading of the document it points to.
 *   <li>A code span, or a command line in a shell code block, that is a repository path (it starts
 *       with {@code ./} or a top-level directory, or ends in a source or configuration extension)
 *       must exist: from the repository root, from the document's directory, or, for a path that
 *       does not start with a top-level directory ({@code schemas/registry-entry.v1.json}), as the
 *       end of a repository path. {@code …} stands for any part of a path. Build output ({@code
 *       target/}), the demo's state ({@code .parkpulse/}) and absolute paths (a controller's {@code
 *       /etc/…}) are not checked.
 *   <li>A class name ({@code TenancyGate}, {@code tenancy.TenancyGate}, {@code
 *       Catalog.Requirement}, {@code ParkTopic.telemetry(park)}) must be declared in a source file
 *       of the repository, with the package, enclosing type and member it is written with; or, for
 *       another project's class, be used by the repository (imported by its code, or named in its
 *       configuration, templates or scripts), or be one of {@link #NAMED_ELSEWHERE}.
 *   <li>An endpoint ({@code /api/v1/…}, {@code /portal/…}, also in a URL, or {@code …/devices/{d}}
 *       for the end of one) must match a platform resource's {@code @Path}, class and method
 *       joined; a {@code {template}} segment matches any segment, a query string is ignored.
 * </ul>
 */
public final class DocReferences {

  /**
   * Classes of other projects the documents name although the repository does not use them by name:
   * what a profile or a peer's code showed. Each must be written as its project spells it.
   */
  static final Set<String> NAMED_ELSEWHERE =
      Set.of(
          // Netty and Vert.x internals, from the class histogram of the idle-connection benchmark.
          "NetSocketImpl",
          "MqttEndpointImpl",
          "SocketChannelImpl",
          "NioSocketChannel",
          "IdleStateHandler",
          "MqttDecoder",
          // Kafka client exceptions an integrator's consumer meets when an ACL is missing.
          "TopicAuthorizationException",
          "GroupAuthorizationException");

  /**
   * Files named without a directory that are not in the repository because someone makes them on a
   * machine: the agent's configuration and status, the managed configurations it keeps in its state
   * directory (and the name its problems give one), a Kafka admin's client settings and tool.
   */
  static final Set<String> MADE_ON_SITE =
      Set.of(
          "agent.yaml",
          "status.json",
          "state.json",
          "managed/state.json",
          "managed/v7.yaml",
          "managed-v7.yaml",
          "admin.properties",
          "kafka-acls.sh");

  private static final Set<String> EXTENSIONS =
      Set.of("md", "sh", "yaml", "yml", "java", "properties", "sql", "json", "xml", "html", "tpl");

  /** Directories of build output and local state, never part of what the documents may name. */
  private static final Set<String> NOT_THE_REPOSITORY =
      Set.of("target", ".git", ".parkpulse", "node_modules", ".idea", ".vscode");

  private static final Set<String> TEXT =
      Set.of(
          "yaml",
          "yml",
          "json",
          "properties",
          "xml",
          "html",
          "tpl",
          "txt",
          "sh",
          "sql",
          "service",
          "conf",
          "jvm",
          "");

  private static final Pattern LINK =
      Pattern.compile("\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
  private static final Pattern HEADING = Pattern.compile("(#{1,6})\\s+(.*?)\\s*#*\\s*");
  private static final Pattern FENCE = Pattern.compile("\\s*(```+|~~~+)\\s*([\\w-]*).*");
  private static final Pattern SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*:.*");
  private static final Pattern URL = Pattern.compile("[a-z]+://[^/\\s]+(/.*)");

  /** {@code a.b.Type.Nested.member(args)}: packages, then types, then at most one member. */
  private static final Pattern JAVA_NAME =
      Pattern.compile(
          "((?:[a-z][a-z0-9_]*\\.)*)([A-Z][A-Za-z0-9_]*(?:\\.[A-Z][A-Za-z0-9_]*)*)"
              + "(?:\\.([a-z][A-Za-z0-9_]*))?(?:\\(.*\\))?");

  /** A name with two humps, such as {@code TenancyGate}: a class, not a word. */
  private static final Pattern CAMEL = Pattern.compile("[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*");

  private static final Pattern DECLARATION =
      Pattern.compile("\\b(?:class|interface|enum|record|@interface)\\s+([A-Z][A-Za-z0-9_]*)");
  private static final Pattern IMPORT =
      Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern CLASS_PATH =
      Pattern.compile("^@Path\\(\"([^\"]*)\"\\)", Pattern.MULTILINE);
  private static final Pattern METHOD_PATH =
      Pattern.compile("^\\s+@Path\\(\"([^\"]*)\"\\)", Pattern.MULTILINE);
  private static final Pattern WORD = Pattern.compile("[A-Z][A-Za-z0-9_]*");
  private static final Pattern SCRIPT_COMMAND =
      Pattern.compile("^\\s+([a-z][a-z|-]*)\\)", Pattern.MULTILINE);

  private final Path root;
  private final Set<String> topLevel = new TreeSet<>();
  private final Set<String> paths = new HashSet<>();
  private final Map<String, List<String>> declaredIn = new HashMap<>();
  private final Set<String> imported = new HashSet<>();
  private final Set<String> usedNames = new HashSet<>();
  private final List<List<String>> endpoints = new ArrayList<>();
  private final Set<String> scriptCommands = new HashSet<>();
  private final Map<String, String> sources = new HashMap<>();

  private DocReferences(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** What the repository at {@code root} has, read from its files. */
  public static DocReferences of(Path root) {
    DocReferences refs = new DocReferences(root);
    refs.scan();
    return refs;
  }

  /** The documents a reader is sent to: the README, CONTRIBUTING, CHANGELOG and docs/*.md. */
  public List<Path> documents() {
    List<Path> docs = new ArrayList<>();
    for (String name : List.of("README.md", "CONTRIBUTING.md", "CHANGELOG.md")) {
      if (Files.isRegularFile(root.resolve(name))) {
        docs.add(root.resolve(name));
      }
    }
    try (Stream<Path> files = Files.list(root.resolve("docs"))) {
      files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  /** The problems of the document at {@code doc}, a file of the repository. */
  public List<String> check(Path doc) {
    String name = root.relativize(doc.toAbsolutePath().normalize()).toString().replace('\\', '/');
    return check(name, read(doc));
  }

  /**
   * The problems of {@code markdown}, read as the document {@code name} of the repository (a path
   * from its root, such as {@code docs/api.md}).
   */
  public List<String> check(String name, String markdown) {
    List<String> problems = new ArrayList<>();
    String directory = name.contains("/") ? name.substring(0, name.lastIndexOf('/')) : "";
    String[] lines = markdown.split("\n", -1);
    boolean fenced = false;
    String fence = "";
    boolean shell = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String where = name + " line " + (i + 1);
      Matcher f = FENCE.matcher(line);
      if (f.matches() && (!fenced || line.strip().startsWith(fence))) {
        if (!fenced) {
          fence = f.group(1);
          String language = f.group(2).toLowerCase(Locale.ROOT);
          shell = Set.of("", "sh", "bash", "shell", "console").contains(language);
        }
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        if (shell) {
          checkCommand(where, directory, List.of(line.strip().split("\\s+")), problems);
        }
        continue;
      }
      Matcher link = LINK.matcher(line);
      while (link.find()) {
        checkLink(where, name, markdown, directory, link.group(1), problems);
      }
      Matcher code = CODE_SPAN.matcher(line);
      while (code.find()) {
        List<String> tokens = List.of(code.group(2).strip().split("\\s+"));
        checkCommand(where, directory, tokens, problems);
        for (String token : tokens) {
          checkJavaName(where, token, problems);
        }
      }
    }
    return problems;
  }

  private void checkLink(
      String where,
      String doc,
      String markdown,
      String directory,
      String target,
      List<String> problems) {
    if (SCHEME.matcher(target).matches()) {
      return;
    }
    String path = target;
    String fragment = null;
    int hash = target.indexOf('#');
    if (hash >= 0) {
      path = target.substring(0, hash);
      fragment = target.substring(hash + 1);
    }
    String file = path.isEmpty() ? doc : normalize(join(directory, path));
    if (file == null || (!path.isEmpty() && !exists(file))) {
      problems.add(where + ": the link to " + target + " leads nowhere: there is no " + file);
      return;
    }
    if (fragment != null && !fragment.isEmpty() && file.endsWith(".md")) {
      Set<String> anchors = anchors(path.isEmpty() ? markdown : read(root.resolve(file)));
      if (!anchors.contains(fragment)) {
        problems.add(
            where
                + ": the link to "
                + target
                + " names no heading of "
                + file
                + " (#"
                + fragment
                + ")");
      }
    }
  }

  /** Checks the paths, endpoints and script commands among a command's or a code span's words. */
  private void checkCommand(
      String where, String directory, List<String> tokens, List<String> problems) {
    for (int i = 0; i < tokens.size(); i++) {
      String token = trimPunctuation(tokens.get(i));
      if (token.isEmpty()) {
        continue;
      }
      Matcher url = URL.matcher(token);
      if (url.matches()) {
        checkEndpoint(where, url.group(1), problems);
        continue;
      }
      if (token.startsWith("/api/") || token.equals("/portal") || token.startsWith("/portal/")) {
        checkEndpoint(where, token, problems);
        continue;
      }
      if (token.matches("…(/[a-z0-9{}_-]+)+(\\?.*)?")) {
        checkEndpoint(where, token, problems);
        continue;
      }
      if (isRepositoryPath(token)) {
        String path = token.startsWith("./") ? token.substring(2) : token;
        if (!findPath(directory, path)) {
          problems.add(
              where + ": `" + token + "` names a file or directory the repository does not have");
        } else if ((path.equals("parkpulse") || path.endsWith("/parkpulse"))
            && i + 1 < tokens.size()
            && tokens.get(i + 1).matches("[a-z][a-z-]*")
            && !scriptCommands.contains(tokens.get(i + 1))) {
          problems.add(
              where
                  + ": `"
                  + token
                  + " "
                  + tokens.get(i + 1)
                  + "` is not a command of ./parkpulse (it has "
                  + new TreeSet<>(scriptCommands)
                  + ")");
        }
      }
    }
  }

  private boolean isRepositoryPath(String token) {
    if (token.startsWith("/")
        || token.contains("://")
        || token.matches(".*[{}<>*$=,;:'\"()\\[\\]|].*")
        || token.contains("//")) {
      return false;
    }
    String path = token.startsWith("./") ? token.substring(2) : token;
    if (path.isEmpty()
        || path.startsWith(".parkpulse")
        || path.startsWith("-")
        || MADE_ON_SITE.contains(path)) {
      return false;
    }
    List<String> segments = List.of(path.split("/"));
    // Build output, and the demo's state wherever the project is (`…/.parkpulse/…`).
    if (segments.contains("target") || segments.contains(".parkpulse")) {
      return false;
    }
    if (token.startsWith("./") || token.startsWith("../")) {
      return true;
    }
    if (segments.size() > 1 && topLevel.contains(segments.get(0))) {
      return true;
    }
    String last = segments.get(segments.size() - 1);
    int dot = last.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(last.substring(dot + 1));
  }

  private boolean findPath(String directory, String path) {
    if (path.startsWith("../")) {
      String resolved = normalize(join(directory, path));
      return resolved != null && exists(resolved);
    }
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    Pattern pattern = pathPattern(trimmed);
    String first = trimmed.split("/")[0];
    if (topLevel.contains(first)) {
      return paths.stream().anyMatch(p -> pattern.matcher(p).matches());
    }
    String fromDoc = normalize(join(directory, trimmed));
    if (fromDoc != null && exists(fromDoc)) {
      return true;
    }
    Pattern suffix = Pattern.compile("(?:.*/)?" + pattern.pattern());
    return paths.stream().anyMatch(p -> suffix.matcher(p).matches());
  }

  private static Pattern pathPattern(String path) {
    StringBuilder regex = new StringBuilder();
    for (String part : path.split("…", -1)) {
      if (regex.length() > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return Pattern.compile(regex.toString());
  }

  private void checkEndpoint(String where, String written, List<String> problems) {
    String path = written;
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    int fragment = path.indexOf('#');
    if (fragment >= 0) {
      path = path.substring(0, fragment);
    }
    if (!path.startsWith("/api/") && !path.startsWith("/portal") && !path.startsWith("…/")) {
      return;
    }
    boolean anyPrefix = path.startsWith("…/");
    List<String> segments = segments(anyPrefix ? path.substring(1) : path);
    boolean anySuffix = !segments.isEmpty() && segments.get(segments.size() - 1).equals("…");
    if (anySuffix) {
      segments = segments.subList(0, segments.size() - 1);
    }
    for (List<String> endpoint : endpoints) {
      if (matches(endpoint, segments, anyPrefix, anySuffix)) {
        return;
      }
    }
    problems.add(
        where + ": `" + written + "` is not an endpoint of the platform (no @Path matches it)");
  }

  private static boolean matches(
      List<String> endpoint, List<String> written, boolean anyPrefix, boolean anySuffix) {
    int extra = endpoint.size() - written.size();
    if (extra < 0 || (extra > 0 && !anyPrefix && !anySuffix)) {
      return false;
    }
    for (int offset = 0; offset <= extra; offset++) {
      if (offset > 0 && !anyPrefix) {
        break;
      }
      if (!anySuffix && offset + written.size() != endpoint.size()) {
        continue;
      }
      boolean all = true;
      for (int i = 0; i < written.size() && all; i++) {
        all = segmentMatches(endpoint.get(offset + i), written.get(i));
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static boolean segmentMatches(String template, String written) {
    if (template.startsWith("{")) {
      return true;
    }
    return !written.startsWith("{") && (written.equals("…") || template.equals(written));
  }

  private void checkJavaName(String where, String token, List<String> problems) {
    String name = trimPunctuation(token);
    Matcher m = JAVA_NAME.matcher(name);
    if (!m.matches()) {
      return;
    }
    String packages = m.group(1);
    List<String> types = List.of(m.group(2).split("\\."));
    String member = m.group(3);
    String outer = types.get(0);
    boolean qualified = !packages.isEmpty() || types.size() > 1 || member != null;
    if (!CAMEL.matcher(outer).matches() && !qualified) {
      return; // a word such as `Secure`, not evidently a class
    }
    if (!CAMEL.matcher(outer).matches()
        && packages.isEmpty()
        && !declaredIn.containsKey(outer)
        && !usedNames.contains(outer)
        && !imported.contains(outer)) {
      return; // one word with a member, such as `Ctrl.C`: not a class any project here knows
    }
    if (declaredIn.containsKey(outer)) {
      Optional<String> problem = checkDeclared(packages, types, member);
      problem.ifPresent(p -> problems.add(where + ": `" + name + "` " + p));
      return;
    }
    if (!packages.isEmpty()) {
      String qualifiedName = packages + m.group(2);
      boolean importedAs =
          imported.stream()
              .anyMatch(i -> i.equals(qualifiedName) || i.endsWith("." + qualifiedName));
      if (!importedAs) {
        problems.add(where + ": `" + name + "` names a class no source file declares or imports");
      }
      return;
    }
    if (imported.contains(outer) || usedNames.contains(outer) || NAMED_ELSEWHERE.contains(outer)) {
      return;
    }
    problems.add(
        where
            + ": `"
            + name
            + "` names a class that no source file of the repository declares (nor does its code"
            + " or configuration use it)");
  }

  /**
   * Whether the package, the enclosing types and the member fit a class the repository declares.
   */
  private Optional<String> checkDeclared(String packages, List<String> types, String member) {
    String outer = types.get(0);
    List<String> outerFiles = declaredIn.getOrDefault(outer, List.of());
    List<String> candidates = new ArrayList<>();
    for (String file : outerFiles) {
      String content = sources.get(file);
      boolean nestedOk = true;
      for (String nested : types.subList(1, types.size())) {
        nestedOk &=
            Pattern.compile("\\b(?:class|interface|enum|record)\\s+" + nested + "\\b")
                .matcher(content)
                .find();
      }
      if (!nestedOk) {
        continue;
      }
      String dir = file.substring(0, file.lastIndexOf('/') + 1);
      String pkg =
          packages.isEmpty() ? "" : packages.substring(0, packages.length() - 1).replace('.', '/');
      if (pkg.isEmpty() || dir.endsWith("/" + pkg + "/")) {
        candidates.add(file);
      }
    }
    if (candidates.isEmpty()) {
      return Optional.of(
          "names "
              + packages
              + String.join(".", types)
              + ", which no source file declares so ("
              + outer
              + " is in "
              + String.join(", ", outerFiles)
              + ")");
    }
    if (member != null) {
      Pattern word = Pattern.compile("\\b" + Pattern.quote(member) + "\\b");
      boolean found = candidates.stream().anyMatch(f -> word.matcher(sources.get(f)).find());
      if (!found) {
        return Optional.of("names " + member + ", which " + candidates + " does not have");
      }
    }
    return Optional.empty();
  }

  private void scan() {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(p -> !p.equals(root))
          .filter(p -> !excluded(p))
          .forEach(
              p -> {
                String rel = root.relativize(p).toString().replace('\\', '/');
                paths.add(rel);
                if (!rel.contains("/") && Files.isDirectory(p)) {
                  topLevel.add(rel);
                }
                if (Files.isRegularFile(p)) {
                  scanFile(rel, p);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path script = root.resolve("parkpulse");
    if (Files.isRegularFile(script)) {
      Matcher command = SCRIPT_COMMAND.matcher(read(script));
      while (command.find()) {
        scriptCommands.addAll(List.of(command.group(1).split("\\|")));
      }
    }
  }

  private boolean excluded(Path p) {
    for (Path part : root.relativize(p)) {
      if (NOT_THE_REPOSITORY.contains(part.toString())) {
        return true;
      }
    }
    return false;
  }

  private void scanFile(String rel, Path file) {
    String fileName = file.getFileName().toString();
    int dot = fileName.lastIndexOf('.');
    String extension = dot > 0 ? fileName.substring(dot + 1) : "";
    if (extension.equals("java") && rel.contains("/src/")) {
      String content = read(file);
      sources.put(rel, content);
      declare(fileName.substring(0, dot), rel);
      Matcher declaration = DECLARATION.matcher(content);
      while (declaration.find()) {
        declare(declaration.group(1), rel);
      }
      Matcher imports = IMPORT.matcher(content);
      while (imports.find()) {
        String imp = imports.group(1);
        imported.add(imp);
        imported.add(imp.substring(imp.lastIndexOf('.') + 1));
      }
      if (rel.startsWith("platform/src/main/")) {
        collectEndpoints(content);
      }
      return;
    }
    boolean document = extension.equals("md") && (rel.startsWith("docs/") || !rel.contains("/"));
    if (document || !TEXT.contains(extension) || fileSize(file) > 1_000_000) {
      return;
    }
    String content;
    try {
      content = Files.readString(file);
    } catch (MalformedInputException e) {
      return;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher word = WORD.matcher(content);
    while (word.find()) {
      usedNames.add(word.group());
    }
  }

  private void declare(String type, String file) {
    List<String> files = declaredIn.computeIfAbsent(type, t -> new ArrayList<>());
    if (!files.contains(file)) {
      files.add(file);
    }
  }

  private void collectEndpoints(String content) {
    Matcher classPath = CLASS_PATH.matcher(content);
    if (!classPath.find()) {
      return;
    }
    String base = classPath.group(1);
    endpoints.add(segments(base));
    Matcher methodPath = METHOD_PATH.matcher(content);
    while (methodPath.find()) {
      endpoints.add(segments(base + "/" + methodPath.group(1)));
    }
  }

  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        segments.add(s);
      }
    }
    return segments;
  }

  /** GitHub's anchors of the headings of {@code markdown}. */
  static Set<String> anchors(String markdown) {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : markdown.split("\n")) {
      if (FENCE.matcher(line).matches()) {
        fenced = !fenced;
        continue;
      }
      Matcher heading = HEADING.matcher(line);
      if (fenced || !heading.matches()) {
        continue;
      }
      String text =
          heading.group(2).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "");
      String slug =
          text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\s_-]", "").replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum);
      anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
    }
    return anchors;
  }

  private boolean exists(String path) {
    return path.isEmpty()
        || paths.contains(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
  }

  private static String join(String directory, String path) {
    return directory.isEmpty() ? path : directory + "/" + path;
  }

  /** {@code docs/../README.md} → {@code README.md}; null if it leaves the repository. */
  private static String normalize(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.remove(parts.size() - 1);
      } else {
        parts.add(part);
      }
    }
    return String.join("/", parts);
  }

  /** The token without the quotes and punctuation around it; a call's parentheses stay. */
  private static String trimPunctuation(String token) {
    String trimmed = token.replaceAll("^[\"'(]+|[\"',.;:]+$", "");
    while (trimmed.endsWith(")")
        && trimmed.chars().filter(c -> c == ')').count()
            > trimmed.chars().filter(c -> c == '(').count()) {
      trimmed = trimmed.substring(0, trimmed.length() - 1).replaceAll("[\"',.;:]+$", "");
    }
    return trimmed;
  }

  private static long fileSize(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
