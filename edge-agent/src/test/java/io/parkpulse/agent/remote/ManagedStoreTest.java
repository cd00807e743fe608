package io.parkpulse.agent.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parkpulse.agent.config.ConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedStoreTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path stateDir;

  @Test
  void anEmptyStateDirectoryHasNoManagedConfiguration() {
    ManagedStore store = ManagedStore.open(stateDir);

    assertThat(store.state()).isEqualTo(ManagedState.NONE);
    assertThat(store.state().appliedVersion()).isZero();
    assertThat(store.problem()).isNull();
  }

  @Test
  void keepsTheAppliedPreviousAndTrialVersionsAcrossARestart() throws Exception {
    ManagedStore store = ManagedStore.open(stateDir);
    store.beginTrial(version(1, "machines: [one]\n"), "machines: [one]\n", 30, T0);
    store.applyTrial(T0.plusSeconds(5));
    store.beginTrial(version(2, "machines: [two]\n"), "machines: [two]\n", 10, T0.plusSeconds(60));

    ManagedStore again = ManagedStore.open(stateDir);

    ManagedState state = again.state();
    assertThat(again.problem()).isNull();
    assertThat(state.applied()).isEqualTo(version(1, "machines: [one]\n"));
    assertThat(state.previous()).isNull();
    assertThat(state.trial())
        .isEqualTo(new ManagedState.Trial(version(2, "machines: [two]\n"), T0.plusSeconds(60), 10));
    assertThat(state.last())
        .isEqualTo(new ManagedState.Outcome(1, "applied", "", T0.plusSeconds(5)));
    assertThat(again.text(state.applied())).isEqualTo("machines: [one]\n");
    assertThat(again.text(state.trial().version())).isEqualTo("machines: [two]\n");

    again.applyTrial(T0.plusSeconds(70));
    assertThat(ManagedStore.open(stateDir).state().applied().version()).isEqualTo(2);
    assertThat(ManagedStore.open(stateDir).state().previous().version()).isEqualTo(1);
    // Only what the state names is kept, and no temporary file is left behind.
    try (var files = Files.list(stateDir.resolve("managed"))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("state.json", "v1.yaml", "v2.yaml");
    }
  }

  @Test
  void aRolledBackTrialLeavesTheAppliedVersionAndTheReason() throws Exception {
    ManagedStore store = ManagedStore.open(stateDir);
    store.beginTrial(version(1, "a"), "a", 30, T0);
    store.applyTrial(T0);
    store.beginTrial(version(2, "b"), "b", 30, T0);

    store.rollBack("machine plc-7 took no reading within 30 s: refused", T0.plusSeconds(30));

    ManagedState state = ManagedStore.open(stateDir).state();
    assertThat(state.applied().version()).isEqualTo(1);
    assertThat(state.trial()).isNull();
    assertThat(state.last())
        .isEqualTo(
            new ManagedState.Outcome(
                2,
                "rolled-back",
                "machine plc-7 took no reading within 30 s: refused",
                T0.plusSeconds(30)));
    assertThat(Files.exists(stateDir.resolve("managed/v2.yaml"))).isFalse();
  }

  @Test
  void aTrialFoundAtStartIsRolledBackToTheAppliedVersion() throws Exception {
    ManagedStore store = ManagedStore.open(stateDir);
    store.beginTrial(version(4, "a"), "a", 30, T0);
    store.applyTrial(T0);
    store.beginTrial(version(5, "b"), "b", 30, T0);
    // The agent is killed here: nothing ends the trial.

    ManagedStore restarted = ManagedStore.open(stateDir);
    assertThat(restarted.rollBackInterruptedTrial(T0.plusSeconds(3))).isTrue();

    ManagedState state = ManagedStore.open(stateDir).state();
    assertThat(state.applied().version()).isEqualTo(4);
    assertThat(state.trial()).isNull();
    assertThat(state.last().outcome()).isEqualTo("rolled-back");
    assertThat(state.last().version()).isEqualTo(5);
    assertThat(state.last().reason())
        .isEqualTo("the agent stopped during the trial of version 5; back on version 4");
    assertThat(restarted.rollBackInterruptedTrial(T0.plusSeconds(4))).isFalse();
  }

  @Test
  void aFirstTrialInterruptedGoesBackToVersionZero() throws Exception {
    ManagedStore.open(stateDir).beginTrial(version(1, "a"), "a", 30, T0);

    ManagedStore restarted = ManagedStore.open(stateDir);
    restarted.rollBackInterruptedTrial(T0);

    assertThat(restarted.state().applied()).isNull();
    assertThat(restarted.state().last().reason())
        .isEqualTo("the agent stopped during the trial of version 1; back on version 0");
  }

  @Test
  void aRejectionIsRecordedWithoutTouchingTheAppliedVersion() throws Exception {
    ManagedStore store = ManagedStore.open(stateDir);
    store.beginTrial(version(1, "a"), "a", 30, T0);
    store.applyTrial(T0);

    store.reject(2, "the configuration has problems: managed-v2.yaml line 1: …", T0);

    ManagedState state = ManagedStore.open(stateDir).state();
    assertThat(state.applied().version()).isEqualTo(1);
    assertThat(state.last().outcome()).isEqualTo("rejected");
    assertThat(state.last().version()).isEqualTo(2);
  }

  @Test
  void aCorruptStateFileIsMovedAsideAndTheAgentRunsOnAgentYaml() throws Exception {
    Path managed = Files.createDirectories(stateDir.resolve("managed"));
    Files.writeString(managed.resolve("state.json"), "{\"applied\": {\"version\": 3, \"ha");

    ManagedStore store = ManagedStore.open(stateDir);

    assertThat(store.state()).isEqualTo(ManagedState.NONE);
    assertThat(store.problem())
        .contains("state.json cannot be read")
        .contains("running on the machines of agent.yaml")
        .contains("moved to");
    assertThat(Files.exists(managed.resolve("state.json.corrupt"))).isTrue();
    assertThat(Files.exists(managed.resolve("state.json"))).isFalse();
    // The next configuration is kept as usual.
    store.beginTrial(version(4, "a"), "a", 30, T0);
    assertThat(ManagedStore.open(stateDir).state().trial().version().version()).isEqualTo(4);
  }

  @Test
  void aStateNamingAnAlteredTextIsTreatedAsCorrupt() throws Exception {
    ManagedStore store = ManagedStore.open(stateDir);
    store.beginTrial(version(1, "machines: []\n"), "machines: []\n", 30, T0);
    store.applyTrial(T0);
    Files.writeString(stateDir.resolve("managed/v1.yaml"), "machines: [changed]\n");

    ManagedStore again = ManagedStore.open(stateDir);

    assertThat(again.state().applied()).isNull();
    assertThat(again.problem()).contains("is not the text of hash");
  }

  @Test
  void aStateWithAnUnknownOutcomeIsCorrupt() throws Exception {
    Path managed = Files.createDirectories(stateDir.resolve("managed"));
    Files.writeString(
        managed.resolve("state.json"),
        "{\"last\": {\"version\": 1, \"outcome\": \"maybe\", \"reason\": \"\", \"at\": \""
            + T0
            + "\"}}");

    assertThat(ManagedStore.open(stateDir).problem()).contains("'maybe' is not an outcome");
  }

  @Test
  void endingATrialThatDoesNotRunIsAMistake() {
    ManagedStore store = ManagedStore.open(stateDir);

    assertThatThrownBy(() -> store.applyTrial(T0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void writesAFileWholeOrNotAtAll() throws IOException {
    Path file = Files.createDirectories(stateDir.resolve("x")).resolve("f.json");
    ManagedStore.writeAtomically(file, "one".getBytes(StandardCharsets.UTF_8));
    ManagedStore.writeAtomically(file, "two".getBytes(StandardCharsets.UTF_8));

    assertThat(Files.readString(file)).isEqualTo("two");
    assertThat(Files.exists(file.resolveSibling("f.json.tmp"))).isFalse();
  }

  private static ManagedState.Version version(int version, String text) {
    return new ManagedState.Version(version, new ConfigLoader.Managed(version, text).hash());
  }
}
