package io.parkpulse.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryCodecTest {

  private static final JsonSchema SCHEMA = Schemas.load("registry-entry.v1.json");

  private final RegistryCodec codec = new RegistryCodec();

  @Test
  void roundTripsAnEntryThatMatchesItsSchema() throws Exception {
    RegistryEntry entry =
        new RegistryEntry(
            new DeviceRef("acme", "plc-01"),
            "north",
            true,
            SecretHash.hash("x", 1_000),
            List.of("press-01", "press-02"));

    byte[] value = codec.encode(entry);

    assertThat(codec.decode(value)).isEqualTo(entry);
    assertThat(SCHEMA.validate(new ObjectMapper().readTree(value))).isEmpty();
  }

  @Test
  void roundTripsTheEnterprisesCaCertificatesAndLeavesThemOutWhenThereAreNone() throws Exception {
    String pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    RegistryEntry withCa =
        new RegistryEntry(
            new DeviceRef("acme", "plc-01"),
            "north",
            true,
            SecretHash.hash("x", 1_000),
            List.of(),
            List.of(pem));
    RegistryEntry without =
        new RegistryEntry(
            new DeviceRef("acme", "plc-02"), "north", true, SecretHash.hash("x", 1_000), List.of());

    byte[] value = codec.encode(withCa);

    assertThat(codec.decode(value)).isEqualTo(withCa);
    assertThat(SCHEMA.validate(new ObjectMapper().readTree(value))).isEmpty();
    assertThat(new String(codec.encode(without), UTF_8)).doesNotContain("trustAnchors");
    assertThat(codec.decode(codec.encode(without)).trustAnchors()).isEmpty();
  }

  @Test
  void roundTripsLimitsAndMatchesTheSchema() throws Exception {
    RegistryEntry entry =
        new RegistryEntry(
            new DeviceRef("acme", "plc-01"),
            "north",
            true,
            SecretHash.hash("x", 1_000),
            List.of(),
            new RegistryEntry.Limits(10, 5, 50, 1_000_000, 5_000_000_000L));

    byte[] value = codec.encode(entry);

    assertThat(codec.decode(value)).isEqualTo(entry);
    assertThat(SCHEMA.validate(new ObjectMapper().readTree(value))).isEmpty();
  }

  @Test
  void roundTripsLimitsAndCaCertificatesTogether() throws Exception {
    String pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    RegistryEntry entry =
        new RegistryEntry(
            new DeviceRef("acme", "plc-01"),
            "north",
            true,
            SecretHash.hash("x", 1_000),
            List.of(),
            new RegistryEntry.Limits(10, 5, 50, 1_000_000, 5_000_000_000L),
            List.of(pem));

    byte[] value = codec.encode(entry);

    assertThat(codec.decode(value)).isEqualTo(entry);
    assertThat(SCHEMA.validate(new ObjectMapper().readTree(value))).isEmpty();
  }

  @Test
  void readsAnEntryWithoutLimitsAsUnlimited() throws Exception {
    byte[] value =
        ("{\"enterprise\":\"acme\",\"device\":\"d1\",\"park\":\"north\",\"enabled\":true,"
                + "\"secretHash\":\"pbkdf2-sha256$1$AA$AA\",\"gatewayFor\":[]}")
            .getBytes(UTF_8);

    assertThat(codec.decode(value).limits()).isEqualTo(RegistryEntry.Limits.NONE);
    assertThat(codec.decode(value).trustAnchors()).isEmpty();
  }

  @Test
  void rejectsNegativeLimits() {
    byte[] value =
        ("{\"enterprise\":\"acme\",\"device\":\"d1\",\"park\":\"north\",\"enabled\":true,"
                + "\"secretHash\":\"pbkdf2-sha256$1$AA$AA\",\"gatewayFor\":[],"
                + "\"limits\":{\"maxConnections\":-1}}")
            .getBytes(UTF_8);

    assertThatThrownBy(() -> codec.decode(value))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("negative");
  }

  @Test
  void rejectsAnEntryWithoutItsEnabledFlag() {
    byte[] value =
        ("{\"enterprise\":\"acme\",\"device\":\"d1\",\"park\":\"north\","
                + "\"secretHash\":\"pbkdf2-sha256$1$AA$AA\",\"gatewayFor\":[]}")
            .getBytes(UTF_8);

    assertThatThrownBy(() -> codec.decode(value))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("enabled");
  }
}
