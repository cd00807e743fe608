package io.parkpulse.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandResponseCodecTest {

  private static final JsonSchema SCHEMA = Schemas.load("command-response.v1.json");
  private static final DeviceRef AGENT = new DeviceRef("acme", "plc-01");
  private static final Instant AT = Instant.parse("2026-11-29T03:00:01.250Z");

  private final CommandResponseCodec codec = new CommandResponseCodec();
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void roundTripsTheAnswerADevicePublishedAndMatchesTheSchema() throws Exception {
    byte[] published =
        "{\"device\":\"plc-01@acme\",\"connected\":true,\"machines\":{\"press-01\":{\"ok\":true}}}"
            .getBytes(UTF_8);

    CommandResponse response = codec.fromDevice("north", AGENT, "r-1", 200, published, AT);
    byte[] value = codec.encode(response);

    assertThat(codec.decode(value)).isEqualTo(response);
    assertThat(response.payload()).isEqualTo(new String(published, UTF_8));
    assertThat(SCHEMA.validate(mapper.readTree(value))).isEmpty();
    assertThat(mapper.readTree(value).get("payload").get("machines").has("press-01")).isTrue();
  }

  @Test
  void anEmptyAnswerHasTheNullPayload() throws Exception {
    CommandResponse response = codec.fromDevice("north", AGENT, "r-2", 204, new byte[0], AT);

    assertThat(response.payload()).isEqualTo("null");
    assertThat(codec.decode(codec.encode(response))).isEqualTo(response);
    assertThat(SCHEMA.validate(mapper.readTree(codec.encode(response)))).isEmpty();
  }

  @Test
  void refusesAnAnswerThatIsNotJsonText() {
    for (byte[] payload :
        new byte[][] {"not json".getBytes(UTF_8), "{\"a\":".getBytes(UTF_8), {(byte) 0xC3}}) {
      assertThatThrownBy(() -> codec.fromDevice("north", AGENT, "r-3", 200, payload, AT))
          .isInstanceOf(InvalidPayloadException.class);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 99, 600, 1000, -200})
  void refusesAStatusOutside100To599(int status) {
    assertThatThrownBy(() -> codec.fromDevice("north", AGENT, "r-4", status, new byte[0], AT))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("status");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"park\":\"north\",\"enterprise\":\"acme\",\"device\":\"plc-01\",\"requestId\":\"r1\","
            + "\"status\":\"200\",\"payload\":null,\"at\":\"2026-11-29T03:00:01Z\"}",
        "{\"park\":\"north\",\"enterprise\":\"acme\",\"device\":\"plc-01\",\"requestId\":\"r1\","
            + "\"status\":700,\"payload\":null,\"at\":\"2026-11-29T03:00:01Z\"}",
        "{\"park\":\"north\",\"enterprise\":\"acme\",\"device\":\"plc-01\",\"requestId\":\"r/1\","
            + "\"status\":200,\"payload\":null,\"at\":\"2026-11-29T03:00:01Z\"}",
        "{\"park\":\"north\",\"enterprise\":\"acme\",\"device\":\"plc-01\",\"requestId\":\"r1\","
            + "\"status\":200,\"at\":\"2026-11-29T03:00:01Z\"}",
        "{\"park\":\"north\",\"enterprise\":\"acme\",\"requestId\":\"r1\","
            + "\"status\":200,\"payload\":null,\"at\":\"2026-11-29T03:00:01Z\"}"
      })
  void refusesWhatIsNotACommandResponse(String value) throws Exception {
    assertThatThrownBy(() -> codec.decode(value.getBytes(UTF_8)))
        .isInstanceOf(InvalidPayloadException.class);
    assertThat(SCHEMA.validate(mapper.readTree(value))).as(value).isNotEmpty();
  }
}
