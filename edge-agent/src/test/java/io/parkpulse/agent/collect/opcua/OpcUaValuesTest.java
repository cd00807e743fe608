package io.parkpulse.agent.collect.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ulong;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import io.parkpulse.agent.collect.opcua.OpcUaValues.NodeType;
import java.math.BigDecimal;
import java.util.UUID;
import org.eclipse.milo.opcua.stack.core.Identifiers;
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

  // ---- values to write

  @Test
  void convertsNumbersToTheNodesTypeWhenTheyFitExactly() {
    assertThat(OpcUaValues.toNodeValue(NodeType.DOUBLE, 40)).isEqualTo(40.0);
    assertThat(OpcUaValues.toNodeValue(NodeType.DOUBLE, 0.1f)).isEqualTo(0.1);
    assertThat(OpcUaValues.toNodeValue(NodeType.DOUBLE, "21.5")).isEqualTo(21.5);
    assertThat(OpcUaValues.toNodeValue(NodeType.FLOAT, 21.5)).isEqualTo(21.5f);
    assertThat(OpcUaValues.toNodeValue(NodeType.SBYTE, -128)).isEqualTo((byte) -128);
    assertThat(OpcUaValues.toNodeValue(NodeType.BYTE, 255L)).isEqualTo(ubyte(255));
    assertThat(OpcUaValues.toNodeValue(NodeType.INT16, 12.0)).isEqualTo((short) 12);
    assertThat(OpcUaValues.toNodeValue(NodeType.UINT16, 65_535)).isEqualTo(ushort(65_535));
    assertThat(OpcUaValues.toNodeValue(NodeType.INT32, -7L)).isEqualTo(-7);
    assertThat(OpcUaValues.toNodeValue(NodeType.UINT32, 4_294_967_295L))
        .isEqualTo(uint(4_294_967_295L));
    assertThat(OpcUaValues.toNodeValue(NodeType.INT64, Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
    assertThat(OpcUaValues.toNodeValue(NodeType.UINT64, new BigDecimal("18446744073709551615")))
        .isEqualTo(ulong(Long.MAX_VALUE).add(ulong(Long.MAX_VALUE)).add(ulong(1)));
    assertThat(OpcUaValues.toNodeValue(NodeType.INT32, "1e3")).isEqualTo(1000);
  }

  @Test
  void convertsBooleansAndText() {
    assertThat(OpcUaValues.toNodeValue(NodeType.BOOLEAN, true)).isEqualTo(true);
    assertThat(OpcUaValues.toNodeValue(NodeType.BOOLEAN, 0)).isEqualTo(false);
    assertThat(OpcUaValues.toNodeValue(NodeType.BOOLEAN, 1.0)).isEqualTo(true);
    assertThat(OpcUaValues.toNodeValue(NodeType.BOOLEAN, "TRUE")).isEqualTo(true);
    assertThat(OpcUaValues.toNodeValue(NodeType.STRING, "MANUAL")).isEqualTo("MANUAL");
    assertThat(OpcUaValues.toNodeValue(NodeType.STRING, 42)).isEqualTo("42");
  }

  @Test
  void refusesWhatTheNodesTypeCannotHoldSayingWhatItTakes() {
    assertThatThrownBy(() -> OpcUaValues.toNodeValue(NodeType.INT32, 12.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "its node is Int32, which takes whole numbers from -2147483648 to 2147483647, not 12.5");
    assertThatThrownBy(() -> OpcUaValues.toNodeValue(NodeType.UINT16, -1))
        .hasMessage("its node is UInt16, which takes whole numbers from 0 to 65535, not -1");
    assertThatThrownBy(() -> OpcUaValues.toNodeValue(NodeType.INT16, "fast"))
        .hasMessage("its node is Int16, which takes numbers, not 'fast'");
    assertThatThrownBy(() -> OpcUaValues.toNodeValue(NodeType.DOUBLE, true))
        .hasMessage("its node is Double, which takes numbers, not true");
    assertThatThrownBy(() -> OpcUaValues.toNodeValue(NodeType.DOUBLE, Double.NaN))
        .hasMessage("its node is Double, which takes finite numbers, not NaN");
    assertThatThrownBy(() -> OpcUaValues.toNodeValue(NodeType.FLOAT, 1e39))
        .hasMessage("its node is Float, which takes numbers up to ±3.4028235E38, not 1.0E39");
    assertThatThrownBy(() -> OpcUaValues.toNodeValue(NodeType.BOOLEAN, 2))
        .hasMessage("its node is Boolean, which takes true or false (or 1 or 0), not 2");
  }

  @Test
  void knowsTheTypeByTheDataTypeIdOrByTheValue() {
    assertThat(NodeType.of(Identifiers.UInt32)).contains(NodeType.UINT32);
    assertThat(NodeType.of(Identifiers.DateTime)).isEmpty();
    assertThat(NodeType.ofValue((short) 3)).contains(NodeType.INT16);
    assertThat(NodeType.ofValue(ushort(3))).contains(NodeType.UINT16);
    assertThat(NodeType.ofValue(DateTime.now())).isEmpty();
    assertThat(NodeType.ofValue(null)).isEmpty();
  }
}
