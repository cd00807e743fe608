package io.parkpulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.devstack.docs.SettingsDoc;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Gateway table of docs/configuration.md says what the code reads, and nothing else. */
class ConfigurationDocTest {

  private final SettingsDoc doc = SettingsDoc.read(Path.of("../docs/configuration.md"), "Gateway");
  private static final Path PROPERTIES = Path.of("src/main/resources/application.properties");

  @Test
  void documentsEveryPropertyOfGatewayConfigWithItsVariableAndDefault() {
    assertNoProblems(doc.checkMapping(GatewayConfig.class));
  }

  @Test
  void documentsEveryEnvironmentVariableOfApplicationPropertiesWithItsDefault() {
    assertNoProblems(doc.checkEnvironmentReferences(PROPERTIES));
  }

  @Test
  void documentsNoSettingTheCodeLacks() {
    assertNoProblems(doc.checkNothingElse(GatewayConfig.class, PROPERTIES));
  }

  private static void assertNoProblems(List<String> problems) {
    assertThat(problems).withFailMessage("%n%s", String.join("\n", problems)).isEmpty();
  }
}
