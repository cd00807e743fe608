package io.parkpulse.agent.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parkpulse.model.AgentFleet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The managed configurations kept in the state directory, so that they outlive a restart or a power
 * cut: {@code managed/state.json} says which version is applied, which came before it, which is on
 * trial and how the last {@code configure} ended; {@code managed/v{N}.yaml} holds each of those
 * versions' text exactly as received. Every file is written whole to a temporary file, forced to
 * the disk and moved into place, so a cut leaves the old file or the new one, never half of one. A
 * text is written before the state that names it.
 *
 * <p>A state file that cannot be read is moved aside to {@code state.json.corrupt} and logged: the
 * agent then runs on agent.yaml's machines rather than not at all.
 */
public final class ManagedStore {

  private static final Logger LOG = Logger.getLogger(ManagedStore.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final String problem;
  private ManagedState state;

  private ManagedStore(Path dir, ManagedState state, String problem) {
    this.dir = dir;
    this.state = state;
    this.problem = problem;
  }

  /** Reads the managed configurations kept under {@code stateDir/managed}, if any. */
  public static ManagedStore open(Path stateDir) {
    Path dir = stateDir.resolve("managed");
    Path file = dir.resolve("state.json");
    if (!Files.exists(file)) {
      return new ManagedStore(dir, ManagedState.NONE, null);
    }
    try {
      ManagedState state = parse(JSON.readTree(Files.readAllBytes(file)));
      ManagedStore store = new ManagedStore(dir, state, null);
      // A state that names a text that is gone or altered is as unusable as a broken file.
      for (ManagedState.Version version : referenced(state)) {
        store.text(version);
      }
      return store;
    } catch (IOException | RuntimeException e) {
      Path aside = dir.resolve("state.json.corrupt");
      String problem =
          file
              + " cannot be read ("
              + e.getMessage()
              + "); running on the machines of agent.yaml until the platform sends a configuration"
              + " again";
      try {
        Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        problem += "; the file was moved to " + aside;
      } catch (IOException moveFailed) {
        problem += "; it could not be moved aside: " + moveFailed.getMessage();
      }
      LOG.severe(problem);
      return new ManagedStore(dir, ManagedState.NONE, problem);
    }
  }

  /** Where the agent stands. */
  public synchronized ManagedState state() {
    return state;
  }

  /** Why the state file could not be read at start, or null if it could (or was absent). */
  public String problem() {
    return problem;
  }

  /**
   * The text of {@code version} as received.
   *
   * @throws IOException if it cannot be read or is not the text the hash names
   */
  public String text(ManagedState.Version version) throws IOException {
    byte[] bytes = Files.readAllBytes(textFile(version.version()));
    if (!AgentFleet.hash(bytes).equals(version.hash())) {
      throw new IOException(
          textFile(version.version()) + " is not the text of hash " + version.hash());
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Keeps {@code text} as {@code version} and records that its trial began. */
  public synchronized void beginTrial(
      ManagedState.Version version, String text, int seconds, Instant now) throws IOException {
    Files.createDirectories(dir);
    writeAtomically(textFile(version.version()), text.getBytes(StandardCharsets.UTF_8));
    save(
        new ManagedState(
            state.applied(),
            state.previous(),
            new ManagedState.Trial(version, now, seconds),
            state.last()));
  }

  /** The trial passed: its version is applied and the one applied so far becomes the previous. */
  public synchronized void applyTrial(Instant now) throws IOException {
    ManagedState.Trial trial = requireTrial();
    save(
        new ManagedState(
            trial.version(),
            state.applied(),
            null,
            new ManagedState.Outcome(
                trial.version().version(), ManagedState.Outcome.APPLIED, "", now)));
  }

  /** The trial failed for {@code reason}: the applied version stays. */
  public synchronized void rollBack(String reason, Instant now) throws IOException {
    ManagedState.Trial trial = requireTrial();
    save(
        new ManagedState(
            state.applied(),
            state.previous(),
            null,
            new ManagedState.Outcome(
                trial.version().version(), ManagedState.Outcome.ROLLED_BACK, reason, now)));
  }

  /** Records that {@code version} was refused for {@code reason} without a trial. */
  public synchronized void reject(int version, String reason, Instant now) throws IOException {
    save(
        new ManagedState(
            state.applied(),
            state.previous(),
            state.trial(),
            new ManagedState.Outcome(version, ManagedState.Outcome.REJECTED, reason, now)));
  }

  /**
   * Ends a trial found at start (the agent stopped or was killed during it) with a roll-back to the
   * applied version.
   *
   * @return whether there was one
   */
  public synchronized boolean rollBackInterruptedTrial(Instant now) throws IOException {
    if (state.trial() == null) {
      return false;
    }
    int tried = state.trial().version().version();
    rollBack(
        "the agent stopped during the trial of version "
            + tried
            + "; back on version "
            + state.appliedVersion(),
        now);
    return true;
  }

  private ManagedState.Trial requireTrial() {
    if (state.trial() == null) {
      throw new IllegalStateException("no trial is running");
    }
    return state.trial();
  }

  private void save(ManagedState next) throws IOException {
    Files.createDirectories(dir);
    writeAtomically(
        dir.resolve("state.json"),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json(next)));
    state = next;
    removeUnreferencedTexts();
  }

  /** Texts no longer named by the state: a rolled-back trial's, one older than the previous. */
  private void removeUnreferencedTexts() {
    Set<Path> kept = new HashSet<>();
    referenced(state).forEach(v -> kept.add(textFile(v.version())));
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.matches("v\\d+\\.yaml") && !kept.contains(file)) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      LOG.warning("cannot remove old configurations in " + dir + ": " + e.getMessage());
    }
  }

  private static List<ManagedState.Version> referenced(ManagedState state) {
    return Stream.of(
            state.applied(),
            state.previous(),
            state.trial() == null ? null : state.trial().version())
        .filter(v -> v != null)
        .toList();
  }

  private Path textFile(int version) {
    return dir.resolve("v" + version + ".yaml");
  }

  /** Writes {@code file} whole or not at all: a temporary file, forced, moved into place. */
  static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel channel =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    // The move itself is durable once the directory is forced too.
    try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException e) {
      LOG.fine("cannot force directory " + file.getParent() + ": " + e.getMessage());
    }
  }

  private static ObjectNode json(ManagedState state) {
    ObjectNode root = JSON.createObjectNode();
    if (state.applied() != null) {
      root.set("applied", json(state.applied()));
    }
    if (state.previous() != null) {
      root.set("previous", json(state.previous()));
    }
    if (state.trial() != null) {
      ObjectNode trial = json(state.trial().version());
      trial.put("startedAt", state.trial().startedAt().toString());
      trial.put("seconds", state.trial().seconds());
      root.set("trial", trial);
    }
    if (state.last() != null) {
      ObjectNode last = root.putObject("last");
      last.put("version", state.last().version());
      last.put("outcome", state.last().outcome());
      last.put("reason", state.last().reason());
      last.put("at", state.last().at().toString());
    }
    return root;
  }

  private static ObjectNode json(ManagedState.Version version) {
    ObjectNode node = JSON.createObjectNode();
    node.put("version", version.version());
    node.put("hash", version.hash());
    return node;
  }

  /** Reads a state written by {@link #json(ManagedState)}; anything else is refused. */
  static ManagedState parse(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    ManagedState.Version applied = version(root.get("applied"));
    ManagedState.Version previous = version(root.get("previous"));
    JsonNode t = root.get("trial");
    ManagedState.Trial trial = null;
    if (t != null) {
      int seconds = t.path("seconds").asInt(-1);
      if (seconds < 1) {
        throw new IllegalArgumentException("trial.seconds is missing");
      }
      trial =
          new ManagedState.Trial(version(t), Instant.parse(t.path("startedAt").asText()), seconds);
    }
    JsonNode l = root.get("last");
    ManagedState.Outcome last = null;
    if (l != null) {
      String outcome = l.path("outcome").asText();
      if (!List.of(
              ManagedState.Outcome.APPLIED,
              ManagedState.Outcome.ROLLED_BACK,
              ManagedState.Outcome.REJECTED)
          .contains(outcome)) {
        throw new IllegalArgumentException("last.outcome '" + outcome + "' is not an outcome");
      }
      last =
          new ManagedState.Outcome(
              positive(l.get("version")),
              outcome,
              l.path("reason").asText(),
              Instant.parse(l.path("at").asText()));
    }
    return new ManagedState(applied, previous, trial, last);
  }

  private static ManagedState.Version version(JsonNode node) {
    if (node == null) {
      return null;
    }
    String hash = node.path("hash").asText();
    if (!hash.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("'" + hash + "' is not a SHA-256 hash");
    }
    return new ManagedState.Version(positive(node.get("version")), hash);
  }

  private static int positive(JsonNode node) {
    if (node == null || !node.canConvertToInt() || node.asInt() < 1) {
      throw new IllegalArgumentException("a version must be a whole number of 1 or more");
    }
    return node.asInt();
  }
}
