package io.parkpulse.agent.collect.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ulong;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import java.util.UUID;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.junit.jupiter.api.Test;

class OpcUaValuesTest {

  @Test
  void mapsEveryIntegralTypeToLong() {
    assertThat(OpcUaValues.toMetric((byte) -3)).isEqualTo(-3L);
    assertThat(OpcUaValues.toMetric((short) 300)).isEqualTo(300L);
    assertThat(OpcUaValues.toMetric(70_000)).isEqualTo(70_000L);
    assertThat(OpcUaValues.toMetric(Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
    assertThat(OpcUaValues.toMetric(ubyte(255))).isEqualTo(255L);
    assertThat(OpcUaValues.toMetric(ushort(65_535))).isEqualTo(65_535L);
    assertThat(OpcUaValues.toMetric(uint(4_294_967_295L))).isEqualTo(4_294_967_295L);
    assertThat(OpcUaValues.toMetric(ulong(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void mapsFloatsToDoublesAsTheirDecimalText() {
    assertThat(OpcUaValues.toMetric(0.1f)).isEqualTo(0.1);
    assertThat(OpcUaValues.toMetric(21.75)).isEqualTo(21.75);
  }

  @Test
  void keepsBooleansAndStrings() {
    assertThat(OpcUaValues.toMetric(true)).isEqualTo(true);
    assertThat(OpcUaValues.toMetric("AUTO")).isEqualTo("AUTO");
  }

  @Test
  void leavesOutWhatAMetricCannotHold() {
    assertThat(OpcUaValues.toMetric(Double.NaN)).isNull();
    assertThat(OpcUaValues.toMetric(Float.POSITIVE_INFINITY)).isNull();
    assertThat(OpcUaValues.toMetric(ulong(Long.MAX_VALUE).add(ulong(1)))).isNull();
    assertThat(OpcUaValues.toMetric(DateTime.now())).isNull();
    assertThat(OpcUaValues.toMetric(LocalizedText.english("x"))).isNull();
    assertThat(OpcUaValues.toMetric(UUID.randomUUID())).isNull();
    assertThat(OpcUaValues.toMetric(new Integer[] {1, 2})).isNull();
    assertThat(OpcUaValues.toMetric(null)).isNull();
    assertThat(OpcUaValues.typeName(new Integer[] {1})).isEqualTo("array of Integer");
  }

  @Test
  void truncatesStringsTo256CharactersWithoutSplittingASurrogatePair() {
    assertThat((String) OpcUaValues.toMetric("x".repeat(300))).hasSize(256);
    String emoji = "\uD83D\uDE00";
    String cut = (String) OpcUaValues.toMetric("x".repeat(255) + emoji);
    assertThat(cut).isEqualTo("x".repeat(255));
  }

  @Test
  void replacesWhatIsNotText() {
    assertThat(OpcUaValues.toMetric("a\u0000b\uD800c")).isEqualTo("a\uFFFDb\uFFFDc");
  }
}
