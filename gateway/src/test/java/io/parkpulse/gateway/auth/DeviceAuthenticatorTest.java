package io.parkpulse.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parkpulse.gateway.auth.DeviceAuthenticator.Outcome;
import io.parkpulse.gateway.registry.DeviceRegistry;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.RegistryEntry;
import io.parkpulse.model.SecretHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceAuthenticatorTest {

  private static final DeviceRef PRESS = new DeviceRef("acme", "press-01");

  private final DeviceRegistry registry = new DeviceRegistry();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final DeviceAuthenticator authenticator =
      new DeviceAuthenticator(
          registry, new DeviceAuthenticator.Limits(100, 100, Duration.ofMinutes(1)), meters);

  @Test
  void refusesEveryoneUntilTheRegistryHasCaughtUp() {
    registry.apply(PRESS, entry("s1", true));

    assertThat(authenticator.authenticate("press-01@acme", "s1", "10.0.0.1").outcome())
        .isEqualTo(Outcome.NOT_READY);

    registry.markCaughtUp();
    assertThat(authenticator.authenticate("press-01@acme", "s1", "10.0.0.1").outcome())
        .isEqualTo(Outcome.ACCEPTED);
  }

  @Test
  void namesWhyItRefusedAndCountsEachReason() {
    registry.apply(PRESS, entry("s1", true));
    registry.apply(new DeviceRef("acme", "off-01"), entry("s1", false));
    registry.markCaughtUp();

    assertThat(authenticator.authenticate("press-01", "s1", "10.0.0.1").outcome())
        .isEqualTo(Outcome.MALFORMED_USERNAME);
    assertThat(authenticator.authenticate(null, null, "10.0.0.1").outcome())
        .isEqualTo(Outcome.MALFORMED_USERNAME);
    assertThat(authenticator.authenticate("ghost@acme", "s1", "10.0.0.1").outcome())
        .isEqualTo(Outcome.UNKNOWN_DEVICE);
    assertThat(authenticator.authenticate("press-01@acme", "wrong", "10.0.0.1").outcome())
        .isEqualTo(Outcome.BAD_SECRET);
    assertThat(authenticator.authenticate("press-01@acme", null, "10.0.0.1").outcome())
        .isEqualTo(Outcome.BAD_SECRET);
    assertThat(authenticator.authenticate("off-01@acme", "s1", "10.0.0.1").outcome())
        .isEqualTo(Outcome.DISABLED);

    assertThat(failures("malformed-username")).isEqualTo(2.0);
    assertThat(failures("unknown-device")).isEqualTo(1.0);
    assertThat(failures("bad-secret")).isEqualTo(2.0);
    assertThat(failures("disabled")).isEqualTo(1.0);
  }

  @Test
  void aRememberedSecretStopsWorkingOnceTheSecretIsRotated() {
    registry.apply(PRESS, entry("old", true));
    registry.markCaughtUp();
    assertThat(authenticator.authenticate("press-01@acme", "old", "10.0.0.1").outcome())
        .isEqualTo(Outcome.ACCEPTED);
    assertThat(authenticator.authenticate("press-01@acme", "old", "10.0.0.1").outcome())
        .isEqualTo(Outcome.ACCEPTED);

    registry.apply(PRESS, entry("new", true));

    assertThat(authenticator.authenticate("press-01@acme", "old", "10.0.0.1").outcome())
        .isEqualTo(Outcome.BAD_SECRET);
    assertThat(authenticator.authenticate("press-01@acme", "new", "10.0.0.1").outcome())
        .isEqualTo(Outcome.ACCEPTED);
  }

  @Test
  void registryReportsDevicesThatLostTheirRightToStayConnected() {
    List<DeviceRef> revoked = new ArrayList<>();
    registry.onRevoked(revoked::add);
    DeviceRef other = new DeviceRef("acme", "other-01");

    registry.apply(PRESS, entry("s1", true));
    registry.apply(other, entry("s1", true));
    registry.apply(new DeviceRef("acme", "press-01"), entry("s1", true)); // same secret? new salt
    revoked.clear();
    RegistryEntry current = registry.find(PRESS).orElseThrow();
    registry.apply(PRESS, current); // unchanged: stays connected
    assertThat(revoked).isEmpty();

    registry.apply(
        PRESS, new RegistryEntry(PRESS, "north", false, current.secretHash(), List.of()));
    registry.apply(other, null);

    assertThat(revoked).containsExactly(PRESS, other);
  }

  @Test
  void aFloodOfWrongSecretsForAUsernameNeverKeepsTheRealDeviceOut() {
    DeviceAuthenticator strict =
        new DeviceAuthenticator(
            registry, new DeviceAuthenticator.Limits(100, 3, Duration.ofMinutes(1)), meters);
    registry.apply(PRESS, entry("s1", true));
    registry.markCaughtUp();
    for (int i = 0; i < 20; i++) {
      strict.authenticate("press-01@acme", "guess-" + i, "10.0.0." + (i % 5));
    }

    // The sources that guessed are refused before any hashing ...
    assertThat(strict.authenticate("press-01@acme", "guess-x", "10.0.0.1").outcome())
        .isEqualTo(Outcome.RATE_LIMITED);
    assertThat(strict.authenticate("press-01@acme", "s1", "10.0.0.1").outcome())
        .isEqualTo(Outcome.RATE_LIMITED);
    // ... while the device, from an address with no failures, gets in with its secret.
    assertThat(strict.authenticate("press-01@acme", "s1", "10.0.0.200").outcome())
        .isEqualTo(Outcome.ACCEPTED);
    // A stranger's first guess from a new address is still checked, and counted.
    assertThat(strict.authenticate("press-01@acme", "guess-y", "10.0.0.201").outcome())
        .isEqualTo(Outcome.BAD_SECRET);
  }

  @Test
  void aSecretVerifiedBeforeGetsInEvenFromASourceThatFailedTooOften() {
    DeviceAuthenticator strict =
        new DeviceAuthenticator(
            registry, new DeviceAuthenticator.Limits(2, 2, Duration.ofMinutes(1)), meters);
    registry.apply(PRESS, entry("s1", true));
    registry.markCaughtUp();
    assertThat(strict.authenticate("press-01@acme", "s1", "10.9.9.9").outcome())
        .isEqualTo(Outcome.ACCEPTED);
    // Behind the same NAT address, someone guesses until the address is blocked.
    for (int i = 0; i < 5; i++) {
      strict.authenticate("press-01@acme", "guess-" + i, "10.9.9.9");
    }

    assertThat(strict.authenticate("press-01@acme", "guess-9", "10.9.9.9").outcome())
        .isEqualTo(Outcome.RATE_LIMITED);
    assertThat(strict.authenticate("press-01@acme", "s1", "10.9.9.9").outcome())
        .isEqualTo(Outcome.ACCEPTED);
  }

  @Test
  void refusesASourceThatFailedTooOftenWhateverTheUsername() {
    DeviceAuthenticator strict =
        new DeviceAuthenticator(
            registry, new DeviceAuthenticator.Limits(2, 100, Duration.ofMinutes(1)), meters);
    registry.apply(PRESS, entry("s1", true));
    registry.markCaughtUp();
    strict.authenticate("ghost-1@acme", "x", "10.9.9.9");
    strict.authenticate("ghost-2@acme", "x", "10.9.9.9");

    assertThat(strict.authenticate("press-01@acme", "s1", "10.9.9.9").outcome())
        .isEqualTo(Outcome.RATE_LIMITED);
    assertThat(strict.authenticate("press-01@acme", "s1", "10.1.1.1").outcome())
        .isEqualTo(Outcome.ACCEPTED);
  }

  private double failures(String reason) {
    return meters.counter("parkpulse.gateway.auth.failures", "reason", reason).count();
  }

  private static RegistryEntry entry(String secret, boolean enabled) {
    return new RegistryEntry(PRESS, "north", enabled, SecretHash.hash(secret, 1_000), List.of());
  }
}
