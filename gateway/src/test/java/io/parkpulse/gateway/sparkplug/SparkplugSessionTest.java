package io.parkpulse.gateway.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.RegistryEntry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SparkplugSessionTest {

  private static final RegistryEntry PLC =
      new RegistryEntry(
          new DeviceRef("acme", "plc-01"), "north", true, "hash", List.of("press-01"));
  private static final RegistryEntry PRESS =
      new RegistryEntry(new DeviceRef("acme", "press-01"), "north", true, "hash", List.of());

  private final SparkplugSession session = new SparkplugSession(PLC, (topic, payload) -> true);

  @Test
  void resolvesAliasesAndNamesThroughTheLatestBirth() {
    SparkplugSession.Birth birth =
        session.deviceBorn(
            PRESS,
            payload(
                metric("Speed", 1L, SparkplugValues.INT16),
                metric("State", 2L, SparkplugValues.STRING),
                metric("Unaliased", null, SparkplugValues.UINT8)));

    assertThat(birth.resolve(metric(null, 1L, null)))
        .isEqualTo(new SparkplugSession.Definition("Speed", SparkplugValues.INT16));
    assertThat(birth.resolve(metric(null, 2L, null)).name()).isEqualTo("State");
    assertThat(birth.resolve(metric(null, 3L, null))).isNull();
    assertThat(birth.resolve(metric("Unaliased", null, null)))
        .as("a name takes its datatype from the BIRTH")
        .isEqualTo(new SparkplugSession.Definition("Unaliased", SparkplugValues.UINT8));
    assertThat(birth.resolve(metric("New", null, SparkplugValues.DOUBLE)))
        .isEqualTo(new SparkplugSession.Definition("New", SparkplugValues.DOUBLE));
    assertThat(session.deviceBirth("press-01")).isSameAs(birth);
    assertThat(session.deviceBirth("oven-01")).isNull();
    assertThat(session.nodeBirth()).isNull();

    SparkplugSession.Birth again =
        session.deviceBorn(PRESS, payload(metric("Speed", 9L, SparkplugValues.INT32)));
    assertThat(again.resolve(metric(null, 1L, null))).isNull();
    assertThat(again.resolve(metric(null, 9L, null)).datatype()).isEqualTo(SparkplugValues.INT32);
  }

  @Test
  void numbersReadingsPerBirthFromZero() {
    SparkplugSession.Birth node = session.nodeBorn(payload(), null);
    SparkplugSession.Birth press = session.deviceBorn(PRESS, payload());
    assertThat(node.nextSeq()).isZero();
    assertThat(node.nextSeq()).isEqualTo(1);
    assertThat(press.nextSeq()).isZero();
    assertThat(node.nextSeq()).isEqualTo(2);

    SparkplugSession.Birth reborn = session.deviceBorn(PRESS, payload());
    assertThat(reborn.nextSeq()).isZero();
    assertThat(session.nodeBirth().nextSeq()).isEqualTo(3);
  }

  @Test
  void followsTheNodesSeqModulo256FromItsBirth() {
    assertThat(session.gapBefore(7L)).as("nothing to compare with before a BIRTH").isFalse();
    session.nodeBorn(new SparkplugPayload(null, 254L, List.of(), false), 5L);
    assertThat(session.gapBefore(255L)).isFalse();
    assertThat(session.gapBefore(0L)).isFalse();
    assertThat(session.gapBefore(2L)).isTrue();
    assertThat(session.gapBefore(3L)).isFalse();
    assertThat(session.gapBefore(null)).isFalse();
    assertThat(session.gapBefore(3L)).as("a repeated seq").isTrue();
  }

  @Test
  void theNodesDeathTakesItsDevicesOnce() {
    session.nodeBorn(payload(), 1L);
    session.deviceBorn(PRESS, payload());

    assertThat(session.nodeDied()).extracting(SparkplugSession.Birth::entry).containsExactly(PRESS);
    assertThat(session.nodeDead()).isTrue();
    assertThat(session.nodeBirth()).isNull();
    assertThat(session.deviceBirth("press-01")).isNull();
    assertThat(session.ended()).isEmpty();

    session.nodeBorn(payload(), 2L);
    assertThat(session.nodeDead()).isFalse();
  }

  @Test
  void allowsOneRebirthRequestPerInterval() {
    Duration interval = Duration.ofSeconds(5);
    assertThat(session.rebirthDue(100, interval)).isTrue();
    session.rebirthRequested(100);
    assertThat(session.rebirthDue(100 + interval.toNanos() - 1, interval)).isFalse();
    assertThat(session.rebirthDue(100 + interval.toNanos(), interval)).isTrue();
  }

  private static SparkplugPayload payload(SparkplugMetric... metrics) {
    return new SparkplugPayload(null, 0L, List.of(metrics), false);
  }

  private static SparkplugMetric metric(String name, Long alias, Integer datatype) {
    return new SparkplugMetric(name, alias, null, datatype, false, null, false, false);
  }
}
