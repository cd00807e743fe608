package io.parkpulse.devstack.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parkpulse.devstack.Ports;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoPortsTest {

  @Test
  void aFreeDefaultIsKept() {
    DemoPorts ports = new DemoPorts(Map.of(), port -> false);

    DemoPorts.Choice choice = ports.choose("PARKPULSE_MQTT_PORT", 1883, "the MQTT gateway");

    assertThat(choice.port()).isEqualTo(1883);
    assertThat(choice.moved()).isFalse();
  }

  @Test
  void aTakenDefaultMovesToTheNextFreePortAndSaysWhichVariableChoosesIt() {
    Set<Integer> taken = Set.of(1883, 1884);
    DemoPorts ports = new DemoPorts(Map.of(), taken::contains);

    DemoPorts.Choice choice = ports.choose("PARKPULSE_MQTT_PORT", 1883, "the MQTT gateway");

    assertThat(choice.port()).isEqualTo(1885);
    assertThat(choice.moved()).isTrue();
    assertThat(choice.notice())
        .isEqualTo(
            "Port 1883 for the MQTT gateway is in use by another program; the demo takes 1885"
                + " instead (set PARKPULSE_MQTT_PORT to choose).");
  }

  @Test
  void twoServicesNeverGetTheSamePort() {
    // Kafka's 9092 is taken, so Kafka moves to 9093: the controller, whose default that is, moves
    // on.
    DemoPorts ports = new DemoPorts(Map.of(), Set.of(9092)::contains);

    int kafka = ports.choose("PARKPULSE_KAFKA_PORT", 9092, "Kafka").port();
    int controller = ports.choose("PARKPULSE_KAFKA_CONTROLLER_PORT", 9093, "the controller").port();

    assertThat(kafka).isEqualTo(9093);
    assertThat(controller).isEqualTo(9094);
  }

  @Test
  void anExplicitPortWinsAndFailsIfTaken() {
    DemoPorts free = new DemoPorts(Map.of("PARKPULSE_MQTT_PORT", "2883"), port -> false);
    assertThat(free.choose("PARKPULSE_MQTT_PORT", 1883, "the MQTT gateway").port()).isEqualTo(2883);

    DemoPorts taken = new DemoPorts(Map.of("PARKPULSE_MQTT_PORT", "2883"), port -> port == 2883);
    assertThatThrownBy(() -> taken.choose("PARKPULSE_MQTT_PORT", 1883, "the MQTT gateway"))
        .isInstanceOf(Ports.PortTakenException.class)
        .hasMessageContaining("Port 2883 for the MQTT gateway, set by PARKPULSE_MQTT_PORT")
        .hasMessageContaining("PARKPULSE_MQTT_PORT=<port> ./parkpulse demo");
  }

  @Test
  void aVariableThatIsNotAPortIsRefused() {
    DemoPorts ports = new DemoPorts(Map.of("PARKPULSE_HTTP_PORT", "eighty"), port -> false);

    assertThatThrownBy(() -> ports.choose("PARKPULSE_HTTP_PORT", 8080, "the platform"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("PARKPULSE_HTTP_PORT='eighty' is not a port number");
  }

  @Test
  void noFreePortNearTheDefaultStopsWithTheVariableToSet() {
    DemoPorts ports = new DemoPorts(Map.of(), port -> true);

    assertThatThrownBy(() -> ports.choose("PARKPULSE_DB_PORT", 54329, "the embedded PostgreSQL"))
        .isInstanceOf(Ports.PortTakenException.class)
        .hasMessageContaining("PARKPULSE_DB_PORT=<port> ./parkpulse demo");
  }
}
