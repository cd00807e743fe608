package io.parkpulse.agent.collect.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parkpulse.agent.collect.Collector.Health;
import io.parkpulse.agent.collect.PointSpec;
import io.parkpulse.agent.collect.opcua.OpcUaSettings.Point;
import io.parkpulse.agent.collect.opcua.OpcUaSettings.Security;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.PointKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpcUaCollectorTest {

  private static final DeviceRef DEVICE = new DeviceRef("acme", "press-1");

  @Test
  void refusesANodeIdItCannotParseNamingThePoint() {
    assertThatThrownBy(() -> collector("opc.tcp://plc:4840", point("power", "Line1/Power")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "press-1@acme: point 'power' has node id 'Line1/Power', which is not one; write it as"
                + " e.g. ns=2;s=Line1/Press/Power or ns=3;i=1001");
  }

  @Test
  void acceptsEveryKindOfNodeId() {
    // b= needs javax.xml.bind.DatatypeConverter in Milo 0.6: proves the JAXB API is on the path.
    collector(
        "opc.tcp://plc:4840",
        point("a", "ns=2;s=Line1/Power"),
        point("b", "ns=3;i=1001"),
        point("c", "ns=1;g=09087e75-8e5e-499b-954f-f2a9603db28a"),
        point("d", "ns=4;b=AQID"),
        point("e", "i=2258"));
  }

  @Test
  void refusesAnEndpointThatIsNotOpcTcp() {
    assertThatThrownBy(() -> collector("http://plc:4840", point("a", "ns=2;s=x")))
        .hasMessage("press-1@acme: endpoint 'http://plc:4840' must start with opc.tcp://");
  }

  @Test
  void refusesAPointNamedTwice() {
    assertThatThrownBy(
            () -> collector("opc.tcp://plc:4840", point("a", "ns=2;s=x"), point("a", "ns=2;s=y")))
        .hasMessage("press-1@acme: point 'a' appears twice");
  }

  @Test
  void isNotHealthyBeforeItStarts() {
    assertThat(collector("opc.tcp://plc:4840", point("a", "ns=2;s=x")).health())
        .isEqualTo(new Health(false, "not started", 0, 0));
  }

  private static OpcUaCollector collector(String endpoint, Point... points) {
    return new OpcUaCollector(
        new OpcUaSettings(
            DEVICE, endpoint, Security.NONE, null, null, Duration.ofSeconds(1), List.of(points)),
        Path.of("pki"));
  }

  private static Point point(String name, String nodeId) {
    return new Point(new PointSpec(name, "", PointKind.GENERIC), nodeId, Duration.ofMillis(500));
  }
}
