package io.parkpulse.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parkpulse.devstack.pki.TestPki;
import io.parkpulse.gateway.auth.DeviceAuthenticator.Outcome;
import io.parkpulse.gateway.registry.DeviceRegistry;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.RegistryEntry;
import io.parkpulse.model.SecretHash;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Client certificates judged against the CA of the enterprise they name. */
class CertificateAuthenticationTest {

  private static final TestPki.Issued ACME_CA = TestPki.ca("Acme device CA");
  private static final TestPki.Issued GLOBEX_CA = TestPki.ca("Globex device CA");
  private static final DeviceRef PRESS = new DeviceRef("acme", "press-01");
  private static final String HASH = SecretHash.hash("s1", 1_000);

  private final DeviceRegistry registry = new DeviceRegistry();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @Test
  void acceptsACertificateThatLeadsThroughAnIntermediateToItsEnterprisesCa() {
    registry.apply(PRESS, entry(PRESS, true, ACME_CA));
    registry.markCaughtUp();
    TestPki.Issued line = TestPki.intermediate(ACME_CA, "Acme line CA");
    TestPki.Issued press = TestPki.device(line, "acme", "press-01");

    var result =
        authenticator(Clock.systemUTC())
            .authenticateCertificate(chain(press, line), null, "10.0.0.1");

    assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(result.entry().orElseThrow().device()).isEqualTo(PRESS);
  }

  @Test
  void acceptsAChainThatCarriesTheCaItself() {
    registry.apply(PRESS, entry(PRESS, true, ACME_CA));
    registry.markCaughtUp();

    assertThat(
            outcome(chain(TestPki.device(ACME_CA, "acme", "press-01"), ACME_CA), "press-01@acme"))
        .isEqualTo(Outcome.ACCEPTED);
  }

  @Test
  void refusesACertificateWhoseSubjectDoesNotNameADevice() {
    registry.apply(PRESS, entry(PRESS, true, ACME_CA));
    registry.markCaughtUp();
    Instant now = Instant.now();

    assertThat(outcome(chain(client("CN=press-01", now)), null))
        .isEqualTo(Outcome.MALFORMED_CERTIFICATE);
    assertThat(outcome(chain(client("CN=Press 01,O=acme", now)), null))
        .isEqualTo(Outcome.MALFORMED_CERTIFICATE);
    assertThat(failures("malformed-certificate")).isEqualTo(2.0);
  }

  @Test
  void refusesAnotherEnterprisesCertificateAndAnUnregisteredDeviceAlike() {
    registry.apply(PRESS, entry(PRESS, true, ACME_CA));
    DeviceRef mixer = new DeviceRef("globex", "mixer-01");
    registry.apply(mixer, entry(mixer, true, GLOBEX_CA));
    registry.markCaughtUp();

    assertThat(outcome(chain(TestPki.device(GLOBEX_CA, "acme", "press-01")), null))
        .isEqualTo(Outcome.UNTRUSTED_CERTIFICATE);
    assertThat(outcome(chain(TestPki.device(ACME_CA, "acme", "ghost-01")), null))
        .isEqualTo(Outcome.UNTRUSTED_CERTIFICATE);
    assertThat(failures("untrusted-certificate")).isEqualTo(2.0);
  }

  @Test
  void refusesEveryCertificateOfAnEnterpriseWithoutCa() {
    registry.apply(PRESS, entry(PRESS, true));
    registry.markCaughtUp();

    assertThat(outcome(chain(TestPki.device(ACME_CA, "acme", "press-01")), null))
        .isEqualTo(Outcome.UNTRUSTED_CERTIFICATE);
  }

  @Test
  void refusesACertificateOutsideItsValidityByTheClock() {
    registry.apply(PRESS, entry(PRESS, true, ACME_CA));
    registry.markCaughtUp();
    List<X509Certificate> press = chain(TestPki.device(ACME_CA, "acme", "press-01"));
    Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(31)), ZoneOffset.UTC);
    Clock earlier = Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC);

    assertThat(authenticator(later).authenticateCertificate(press, null, "x").outcome())
        .isEqualTo(Outcome.EXPIRED_CERTIFICATE);
    assertThat(authenticator(earlier).authenticateCertificate(press, null, "x").outcome())
        .isEqualTo(Outcome.EXPIRED_CERTIFICATE);
  }

  @Test
  void refusesACertificateOfAnExpiredCa() {
    Instant now = Instant.now();
    TestPki.Issued old = TestPki.ca("Acme old CA", now.minus(Duration.ofDays(800)), now);
    registry.apply(PRESS, entry(PRESS, true, old));
    registry.markCaughtUp();
    TestPki.Issued press =
        TestPki.client(
            old, "CN=press-01,O=acme", now.minus(Duration.ofDays(1)), now.plusSeconds(3600));

    assertThat(outcome(chain(press), null)).isEqualTo(Outcome.EXPIRED_CERTIFICATE);
  }

  @Test
  void refusesADisabledDeviceAndAUsernameOfAnotherDevice() {
    DeviceRef off = new DeviceRef("acme", "off-01");
    registry.apply(PRESS, entry(PRESS, true, ACME_CA));
    registry.apply(off, entry(off, false, ACME_CA));
    registry.markCaughtUp();

    assertThat(outcome(chain(TestPki.device(ACME_CA, "acme", "off-01")), null))
        .isEqualTo(Outcome.DISABLED);
    assertThat(outcome(chain(TestPki.device(ACME_CA, "acme", "press-01")), "off-01@acme"))
        .isEqualTo(Outcome.USERNAME_MISMATCH);
  }

  @Test
  void tellsWhetherASessionsCertificateSurvivesANewSetOfCas() {
    TestPki.Issued next = TestPki.ca("Acme next CA");
    List<X509Certificate> press = chain(TestPki.device(ACME_CA, "acme", "press-01"));
    DeviceAuthenticator authenticator = authenticator(Clock.systemUTC());

    assertThat(authenticator.stillTrusted(press, entry(PRESS, true, ACME_CA, next))).isTrue();
    assertThat(authenticator.stillTrusted(press, entry(PRESS, true, next))).isFalse();
  }

  private Outcome outcome(List<X509Certificate> chain, String username) {
    return authenticator(Clock.systemUTC())
        .authenticateCertificate(chain, username, "10.0.0.1")
        .outcome();
  }

  private DeviceAuthenticator authenticator(Clock clock) {
    return new DeviceAuthenticator(
        registry,
        new DeviceAuthenticator.Limits(100, 100, Duration.ofMinutes(1)),
        new ClientCertificates(clock),
        meters);
  }

  private static TestPki.Issued client(String subject, Instant now) {
    return TestPki.client(
        ACME_CA, subject, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)));
  }

  private static List<X509Certificate> chain(TestPki.Issued... certificates) {
    return Arrays.stream(certificates).map(TestPki.Issued::certificate).toList();
  }

  private static RegistryEntry entry(DeviceRef device, boolean enabled, TestPki.Issued... cas) {
    return new RegistryEntry(
        device,
        "north",
        enabled,
        HASH,
        List.of(),
        Arrays.stream(cas).map(TestPki.Issued::pem).toList());
  }

  private double failures(String reason) {
    return meters.get("parkpulse.gateway.auth.failures").tag("reason", reason).counter().count();
  }
}
