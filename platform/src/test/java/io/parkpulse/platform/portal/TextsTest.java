package io.parkpulse.platform.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.platform.maturity.miit.MiitEstimate.Shortfall;
import io.parkpulse.platform.portal.Texts.Lang;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TextsTest {

  private static final Path TEMPLATES = Path.of("src/main/resources/templates");
  private static final Path SOURCES = Path.of("src/main/java/io/parkpulse/platform/portal");

  private final Texts texts = Texts.load();

  @Test
  void bothLanguagesHaveTheSameKeys() {
    assertThat(texts.all(Lang.EN).keySet()).isEqualTo(texts.all(Lang.ZH).keySet());
  }

  @Test
  void everyKeyThePagesAndThePortalCodeUseExistsInBothLanguages() throws IOException {
    Set<String> used = new TreeSet<>();
    collect(TEMPLATES, Pattern.compile("p\\.t\\('([^']+)'"), used);
    collect(
        SOURCES,
        Pattern.compile(
            "\"((?:login|device\\.form|time|problem|settings|declarations|limits|trust|mu|policy)"
                + "\\.[a-z.-]+)\""),
        used);
    assertThat(used).hasSizeGreaterThan(100);
    for (Lang lang : Lang.values()) {
      assertThat(texts.all(lang).keySet()).as(lang.id()).containsAll(used);
    }
  }

  @Test
  void everyKeyOfAKindThePagesComposeExistsForEachValueOfTheKind() {
    for (Lang lang : Lang.values()) {
      Set<String> keys = texts.all(lang).keySet();
      for (String prefix :
          Set.of(
              "type.machine",
              "type.meter",
              "type.controller",
              "type.gateway",
              "size.micro",
              "size.small",
              "size.medium",
              "size.large",
              "alarm.open",
              "alarm.acknowledged",
              "alarm.closed",
              "evidence.telemetry",
              "evidence.platform",
              "evidence.questionnaire",
              "verification.PENDING",
              "verification.VERIFIED",
              "verification.REJECTED",
              "role.platform-admin",
              "role.park-operator",
              "role.enterprise-admin",
              "role.enterprise-viewer",
              "mu.class.A",
              "mu.class.B",
              "mu.class.C",
              "mu.class.D",
              "policy.basis.data",
              "policy.basis.declared",
              "policy.status.met",
              "policy.status.short",
              "policy.status.reported",
              "policy.status.pending",
              "policy.status.rejected",
              "policy.status.missing")) {
        assertThat(keys).as(lang.id()).contains(prefix);
      }
      for (int level = 0; level <= 5; level++) {
        assertThat(keys).contains("level." + level);
      }
    }
  }

  @Test
  void everyShortfallOfTheMiitEstimateIsWordedInBothLanguages() {
    for (Lang lang : Lang.values()) {
      for (Shortfall.Kind kind : Shortfall.Kind.values()) {
        assertThat(texts.all(lang)).as(lang.id()).containsKey(EnterpriseDetail.messageKey(kind));
      }
    }
  }

  @Test
  void everyDomainOfTheCatalogsHasANameInBothLanguages() throws IOException {
    Pattern domain = Pattern.compile("\"domain\"\\s*:\\s*\"([^\"]+)\"");
    Set<String> domains = new TreeSet<>();
    collect(Path.of("src/main/resources/io/parkpulse/platform/maturity"), domain, domains);
    assertThat(domains).isNotEmpty();
    for (Lang lang : Lang.values()) {
      for (String d : domains) {
        assertThat(texts.all(lang)).as(lang.id()).containsKey("domain." + d);
      }
    }
  }

  @Test
  void aMissingKeyShowsItselfInsteadOfFailingThePage() {
    assertThat(texts.get(Lang.EN, "no.such.key")).isEqualTo("[no.such.key]");
  }

  @Test
  void chineseIsTheDefaultLanguage() {
    assertThat(Lang.of(null)).isEqualTo(Lang.ZH);
    assertThat(Lang.of("fr")).isEqualTo(Lang.ZH);
    assertThat(Lang.of("en")).isEqualTo(Lang.EN);
    assertThat(texts.get(Lang.ZH, "login.submit")).isEqualTo("登录");
  }

  private static void collect(Path dir, Pattern pattern, Set<String> into) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Matcher m = pattern.matcher(Files.readString(file));
        while (m.find()) {
          into.add(m.group(1));
        }
      }
    }
  }
}
