package io.parkpulse.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlarmCodecTest {

  private static final JsonSchema SCHEMA = Schemas.load("alarm-change.v1.json");
  private static final Instant AT = Instant.parse("2026-11-29T03:00:00.25Z");

  private final AlarmCodec codec = new AlarmCodec();

  @Test
  void roundTripsADeviceAlarmThatMatchesItsSchema() throws Exception {
    AlarmChange raised =
        new AlarmChange(
            42,
            "flapping",
            AT,
            "north",
            "acme",
            "press-01",
            "too-hot",
            "critical",
            "temp",
            "91.5",
            "open",
            false,
            true,
            false,
            6,
            0,
            null);

    byte[] value = codec.encode(raised);

    assertThat(codec.decode(value)).isEqualTo(raised);
    assertThat(SCHEMA.validate(new ObjectMapper().readTree(value))).isEmpty();
    assertThat(raised.kafkaKey()).isEqualTo("acme/press-01");
  }

  @Test
  void aSummaryAlarmHasNoDeviceNorRuleAndItsKeyEndsInASlash() throws Exception {
    AlarmChange summary =
        new AlarmChange(
            7,
            "raised",
            AT,
            "north",
            "acme",
            null,
            null,
            "critical",
            null,
            "100 open alarms",
            "open",
            false,
            false,
            true,
            1,
            3,
            null);

    byte[] value = codec.encode(summary);

    assertThat(SCHEMA.validate(new ObjectMapper().readTree(value))).isEmpty();
    assertThat(codec.decode(value)).isEqualTo(summary);
    assertThat(summary.kafkaKey()).isEqualTo("acme/");
  }

  @Test
  void theSchemaRefusesADeviceAlarmWithoutItsRuleAndAnUnknownChange() throws Exception {
    ObjectMapper json = new ObjectMapper();
    var node =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            json.readTree(
                codec.encode(
                    new AlarmChange(
                        1, "cleared", AT, "north", "acme", "d1", "r1", null, "temp", "70", "open",
                        true, false, false, 2, 0, null)));
    assertThat(SCHEMA.validate(node)).isEmpty();
    node.putNull("rule");
    assertThat(SCHEMA.validate(node)).isNotEmpty();
    node.put("rule", "r1").put("change", "reopened");
    assertThat(SCHEMA.validate(node)).isNotEmpty();
  }

  @Test
  void refusesWhatIsNotAnAlarmChange() {
    assertThatThrownBy(() -> codec.decode("[]".getBytes(UTF_8)))
        .isInstanceOf(InvalidPayloadException.class);
    assertThatThrownBy(
            () ->
                codec.decode(
                    ("{\"alarm\":1,\"change\":\"reopened\",\"at\":\"2026-11-29T03:00:00Z\","
                            + "\"park\":\"north\",\"enterprise\":\"acme\",\"device\":\"d1\"}")
                        .getBytes(UTF_8)))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("must be one of");
  }
}
