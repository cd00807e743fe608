package io.parkpulse.devstack.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsDocTest {

  @ConfigMapping(prefix = "demo.app")
  interface DemoConfig {
    @WithDefault("parkpulse")
    String topicPrefix();

    Optional<String> adminPassword();

    String region();

    Retry retry();

    interface Retry {
      @WithDefault("30S")
      @WithName("backoff")
      Duration maxRetryBackoff();
    }
  }

  @TempDir Path dir;

  @Test
  void namesPropertiesAsSmallRyeDoes() {
    assertThat(ConfigMappingSettings.of(DemoConfig.class))
        .containsExactly(
            new ConfigMappingSettings.Setting(
                "demo.app.admin-password", null, true, "DemoConfig.adminPassword()"),
            new ConfigMappingSettings.Setting(
                "demo.app.region", null, false, "DemoConfig.region()"),
            new ConfigMappingSettings.Setting(
                "demo.app.retry.backoff", "30S", false, "DemoConfig.retry().maxRetryBackoff()"),
            new ConfigMappingSettings.Setting(
                "demo.app.topic-prefix", "parkpulse", false, "DemoConfig.topicPrefix()"));
    assertThat(ConfigMappingSettings.environmentVariable("quarkus.log.category.\"a-b\".level"))
        .isEqualTo("QUARKUS_LOG_CATEGORY__A_B__LEVEL");
  }

  @Test
  void acceptsATableThatMatchesTheCode() throws Exception {
    SettingsDoc doc =
        doc(
            "| `demo.app.topic-prefix` | `DEMO_APP_TOPIC_PREFIX` | `parkpulse` | prefix |",
            "| `demo.app.admin-password` | `DEMO_APP_ADMIN_PASSWORD` | none | a password |",
            "| `demo.app.region` | `DEMO_APP_REGION` | required | where |",
            "| `demo.app.retry.backoff` | `DEMO_APP_RETRY_BACKOFF` | `30S` | a \\| b `x|y` |",
            "| `demo.db.url` | `DEMO_DB_URL` | `jdbc:postgresql://localhost/demo` | database |",
            "| `quarkus.http.port` | `QUARKUS_HTTP_PORT` | `8080` | HTTP |");
    Path properties = properties();

    assertThat(doc.checkMapping(DemoConfig.class)).isEmpty();
    assertThat(doc.checkEnvironmentReferences(properties)).isEmpty();
    assertThat(doc.checkNothingElse(DemoConfig.class, properties)).isEmpty();
  }

  @Test
  void namesEveryPropertyThatIsMissingOrWrongAndWhere() throws Exception {
    SettingsDoc doc =
        doc(
            "| `demo.app.topic-prefix` | `DEMO_APP_TOPIC_PREFIX` | `pp` | prefix |",
            "| `demo.app.admin-password` | `DEMO_APP_ADMIN_PASSWORD` | required | a password |",
            "| `demo.app.region` | `DEMO_APP_REGION` | required | where |",
            "| `demo.db.url` | `DEMO_DATABASE_URL` | `jdbc:postgresql://localhost/demo` | db |",
            "| `quarkus.http.port` | `QUARKUS_HTTP_PORT` | `8081` | HTTP |",
            "| `demo.app.gone` | `DEMO_APP_GONE` | `1` | removed from the code |");
    Path properties = properties();

    assertThat(doc.checkMapping(DemoConfig.class))
        .containsExactly(
            "docs/configuration.md line 6: `demo.app.admin-password` has the default required, but"
                + " DemoConfig.adminPassword() has none and may be left unset: write none",
            "`demo.app.retry.backoff` (DemoConfig.retry().maxRetryBackoff()) is not in the table"
                + " under 'Demo' of docs/configuration.md; add a row: | `demo.app.retry.backoff` |"
                + " `DEMO_APP_RETRY_BACKOFF` | `30S` | … |",
            "docs/configuration.md line 5: `demo.app.topic-prefix` has the default `pp`, but"
                + " DemoConfig.topicPrefix() has `parkpulse`: write `parkpulse`");
    assertThat(doc.checkEnvironmentReferences(properties))
        .containsExactly(
            "docs/configuration.md line 8: `demo.db.url` has the environment variable"
                + " `DEMO_DATABASE_URL`, but "
                + properties
                + " (demo.db.url=${DEMO_DB_URL:jdbc:postgresql://localhost/demo}) is read from"
                + " `DEMO_DB_URL`");
    assertThat(doc.checkNothingElse(DemoConfig.class, properties))
        .containsExactly(
            "docs/configuration.md line 9: `quarkus.http.port` has the default `8081`, but "
                + properties
                + " (quarkus.http.port=8080) has `8080`: write `8080`",
            "docs/configuration.md line 10: `demo.app.gone` is documented, but neither DemoConfig"
                + " nor "
                + properties
                + " has it; remove the row or add the setting");
  }

  @Test
  void readsOnlyTheTableUnderItsHeading() throws Exception {
    Path file = dir.resolve("docs").resolve("configuration.md");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        """
        # Configuration

        ## Demo

        ```yaml
        # not a heading
        ```

        | key | default |
        |---|---|
        | `a` | `1` |

        | key | default |
        |---|---|
        | `not-this-table` | `2` |

        ## Other

        | key | default |
        |---|---|
        | `b` | `3` |
        """);

    List<DocTable.Row> rows = DocTable.read(file, "Demo", "key", "default");

    assertThat(rows).extracting(r -> r.code("key").orElseThrow()).containsExactly("a");
    assertThat(rows.get(0).where()).isEqualTo("docs/configuration.md line 11");
  }

  private SettingsDoc doc(String... rows) throws Exception {
    Path file = dir.resolve("docs").resolve("configuration.md");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        "## Demo\n\n| property | environment variable | default | meaning |\n|---|---|---|---|\n"
            + String.join("\n", rows)
            + "\n\n## Next\n");
    return SettingsDoc.read(file, "Demo");
  }

  private Path properties() throws Exception {
    Path file = dir.resolve("application.properties");
    Files.writeString(
        file,
        """
        quarkus.http.port=8080
        quarkus.banner.enabled=false
        demo.db.url=${DEMO_DB_URL:jdbc:postgresql://localhost/demo}
        %test.demo.db.url=${OTHER_URL}
        """);
    return file;
  }
}
