package io.parkpulse.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {

  @TempDir Path dir;

  @Test
  void readsADeviceFile() throws Exception {
    Path file = dir.resolve("press.properties");
    Files.writeString(
        file,
        """
        gateway.uri=tcp://gw:1883
        device.enterprise=acme
        device.id=press-01
        device.secret=s3cret
        publish.interval=250ms
        """);

    AgentConfig config = AgentConfig.load(file);

    assertThat(config.device().username()).isEqualTo("press-01@acme");
    assertThat(config.interval()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.stateDir()).isEqualTo(dir.resolve("state"));
  }

  @Test
  void namesTheFileAndKeyThatIsMissing() throws Exception {
    Path file = dir.resolve("broken.properties");
    Files.writeString(file, "device.enterprise=acme\ndevice.id=press-01\n");

    assertThatThrownBy(() -> AgentConfig.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("broken.properties")
        .hasMessageContaining("'device.secret' is required");
  }
}
