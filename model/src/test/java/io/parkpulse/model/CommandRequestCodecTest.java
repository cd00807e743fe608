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

class CommandRequestCodecTest {

  private static final JsonSchema SCHEMA = Schemas.load("command-request.v1.json");
  private static final DeviceRef PRESS = new DeviceRef("acme", "press-01");
  private static final Instant EXPIRES = Instant.parse("2026-11-29T03:00:10Z");

  private final CommandRequestCodec codec = new CommandRequestCodec();
  private final ObjectMapper mapper = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"device\":\"press-01\",\"interval\":\"5s\",\"group\":0}",
        "{}",
        "null",
        "\"text with \\\"quotes\\\" and ü\"",
        "12.50",
        "[1,{\"a\":[true,false]}]"
      })
  void roundTripsAnyJsonPayloadAsItsTextAndMatchesTheSchema(String payload) throws Exception {
    CommandRequest request =
        new CommandRequest("north", PRESS, "r-7Hq_x2", "set-interval", payload, EXPIRES);

    byte[] value = codec.encode(request);

    assertThat(codec.decode(value)).isEqualTo(request);
    assertThat(SCHEMA.validate(mapper.readTree(value))).isEmpty();
    assertThat(mapper.readTree(value).get("payload")).isEqualTo(mapper.readTree(payload));
  }

  @Test
  void keepsThePayloadTextOfARecordWrittenByOthers() throws Exception {
    byte[] value =
        ("{\"park\":\"north\",\"enterprise\":\"acme\",\"device\":\"press-01\","
                + "\"requestId\":\"abc\",\"name\":\"write\","
                + "\"payload\": {\"point\": \"setpoint_kw\",  \"value\": 12.5} ,"
                + "\"expiresAt\":\"2026-11-29T03:00:10Z\"}")
            .getBytes(UTF_8);

    CommandRequest request = codec.decode(value);

    assertThat(request.payload()).isEqualTo("{\"point\": \"setpoint_kw\",  \"value\": 12.5}");
    assertThat(request.mqttTopic()).isEqualTo("command///req/abc/write");
    assertThat(request.device()).isEqualTo(PRESS);
    assertThat(SCHEMA.validate(mapper.readTree(value))).isEmpty();
  }

  @Test
  void anExpiredCommandIsExpiredFromItsExpiryOn() {
    CommandRequest request = new CommandRequest("north", PRESS, "r1", "status", "{}", EXPIRES);

    assertThat(request.expiredAt(EXPIRES.minusMillis(1))).isFalse();
    assertThat(request.expiredAt(EXPIRES)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // a request id that is not one MQTT topic level
        "{\"park\":\"north\",\"enterprise\":\"acme\",\"device\":\"d1\",\"requestId\":\"a/b\","
            + "\"name\":\"status\",\"payload\":{},\"expiresAt\":\"2026-11-29T03:00:10Z\"}",
        "{\"park\":\"north\",\"enterprise\":\"acme\",\"device\":\"d1\",\"requestId\":\"a+#\","
            + "\"name\":\"status\",\"payload\":{},\"expiresAt\":\"2026-11-29T03:00:10Z\"}",
        // a name that is not a lowercase word
        "{\"park\":\"north\",\"enterprise\":\"acme\",\"device\":\"d1\",\"requestId\":\"r1\","
            + "\"name\":\"Set Interval\",\"payload\":{},\"expiresAt\":\"2026-11-29T03:00:10Z\"}",
        // no payload
        "{\"park\":\"north\",\"enterprise\":\"acme\",\"device\":\"d1\",\"requestId\":\"r1\","
            + "\"name\":\"status\",\"expiresAt\":\"2026-11-29T03:00:10Z\"}",
        // no expiry
        "{\"park\":\"north\",\"enterprise\":\"acme\",\"device\":\"d1\",\"requestId\":\"r1\","
            + "\"name\":\"status\",\"payload\":{}}",
        // not a device
        "{\"park\":\"north\",\"enterprise\":\"Acme\",\"device\":\"d1\",\"requestId\":\"r1\","
            + "\"name\":\"status\",\"payload\":{},\"expiresAt\":\"2026-11-29T03:00:10Z\"}",
        // not one JSON object
        "{\"park\":\"north\"} {}",
        "[]",
        "{\"park\":"
      })
  void refusesWhatIsNotACommandRequest(String value) throws Exception {
    assertThatThrownBy(() -> codec.decode(value.getBytes(UTF_8)))
        .isInstanceOf(InvalidPayloadException.class);
    if (value.endsWith("}") && !value.contains("} {")) {
      assertThat(SCHEMA.validate(mapper.readTree(value))).as(value).isNotEmpty();
    }
  }

  @Test
  void refusesAnExpiryThatIsNotAnInstant() {
    byte[] value =
        ("{\"park\":\"north\",\"enterprise\":\"acme\",\"device\":\"d1\",\"requestId\":\"r1\","
                + "\"name\":\"status\",\"payload\":{},\"expiresAt\":\"soon\"}")
            .getBytes(UTF_8);

    assertThatThrownBy(() -> codec.decode(value))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("expiresAt");
  }

  @Test
  void refusesAPayloadThatIsNotOneJsonValueOrTooLarge() {
    for (String payload : new String[] {"", "{", "{} {}", "nope"}) {
      assertThatThrownBy(() -> new CommandRequest("north", PRESS, "r1", "write", payload, EXPIRES))
          .as(payload)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("payload");
    }
    String large = "\"" + "x".repeat(CommandRequest.MAX_PAYLOAD_BYTES) + "\"";
    assertThatThrownBy(() -> new CommandRequest("north", PRESS, "r1", "write", large, EXPIRES))
        .hasMessageContaining("larger than");
  }
}
