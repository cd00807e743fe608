package io.parkpulse.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentFleetTest {

  @Test
  void hashesAConfigurationAsBothSidesDo() {
    // sha256("abc"), the FIPS 180-2 example.
    assertThat(AgentFleet.hash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void theAgentsStatusEventIsWhatTheGatewayDecodes() throws Exception {
    EventCodec codec = new EventCodec();
    Instant ts = Instant.parse("2026-12-06T08:00:00Z");
    byte[] payload =
        codec.encodeDevicePayload(
            AgentFleet.STATUS_EVENT,
            ts,
            Map.of(AgentFleet.CONFIG_VERSION, 3, AgentFleet.LAST_OUTCOME, "rolled-back"));

    DeviceEvent event =
        codec.decodeDevicePayload(payload, "park", new DeviceRef("acme", "plc-1")).get(0);

    assertThat(event.type()).isEqualTo("agent.status");
    assertThat(event.ts()).isEqualTo(ts);
    assertThat(event.attributes())
        .containsEntry("configVersion", 3L)
        .containsEntry("lastOutcome", "rolled-back");
  }
}
