package io.parkpulse.platform.alarms.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RuleTreesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Condition parse(String when) throws Exception {
    return RuleTrees.parse(JSON.readTree(when));
  }

  @Test
  void readsGroupsOfLeaves() throws Exception {
    Condition c =
        parse(
            "{\"all\": [{\"kind\": \"temperature.c\", \"above\": 80, \"clear\": 75},"
                + " {\"any\": [{\"point\": \"state\", \"equals\": \"RUNNING\"},"
                + " {\"point\": \"temp\", \"rate\": {\"above\": 2, \"windowSeconds\": 60}}]}]}");
    assertThat(c).isInstanceOf(Condition.All.class);
    Condition.All all = (Condition.All) c;
    assertThat(all.conditions().get(0))
        .isEqualTo(
            new Condition.Threshold(Condition.Point.ofKind("temperature.c"), true, 80, 75.0));
    assertThat(((Condition.Any) all.conditions().get(1)).conditions().get(1))
        .isEqualTo(
            new Condition.Rate(Condition.Point.named("temp"), true, 2, Duration.ofSeconds(60)));
    assertThat(parse("{\"silentSeconds\": 600}"))
        .isEqualTo(new Condition.Silent(Duration.ofMinutes(10)));
  }

  @Test
  void saysWhichFieldIsWrong() {
    assertInvalid("{\"all\": []}", "when.all", "non-empty array");
    assertInvalid("{\"all\": [{\"point\": \"t\"}]}", "when.all[0]", "exactly one of");
    assertInvalid(
        "{\"any\": [{\"point\": \"t\", \"above\": 1}, {\"kind\": \"nope\", \"above\": 1}]}",
        "when.any[1].kind",
        "not a point kind");
    assertInvalid("{\"point\": \"t\", \"above\": \"hot\"}", "when.above", "must be a number");
    assertInvalid(
        "{\"point\": \"t\", \"above\": 80, \"clear\": 85}", "when.clear", "could never clear");
    assertInvalid("{\"point\": \"t\", \"equals\": \"X\", \"clear\": 1}", "when.clear", "above");
    assertInvalid(
        "{\"point\": \"t\", \"rate\": {\"above\": 1}}", "when.rate.windowSeconds", "above 0");
    assertInvalid(
        "{\"point\": \"t\", \"kind\": \"temperature.c\", \"above\": 1}", "when", "not both");
    assertInvalid("{\"point\": \"t\", \"abve\": 1}", "when.abve", "not a field");
    assertInvalid(
        "{\"any\": [{\"silentSeconds\": 60}, {\"point\": \"t\", \"above\": 1}]}",
        "when",
        "combine it with nothing");
    assertInvalid(
        "{\"all\": [{\"all\": [{\"all\": [{\"all\": [{\"all\": []}]}]}]}]}",
        "when.all[0].all[0].all[0].all[0]",
        "at most 4 deep");
  }

  private static void assertInvalid(String when, String field, String message) {
    assertThatThrownBy(() -> parse(when))
        .as(when)
        .isInstanceOfSatisfying(
            RuleTrees.Invalid.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(message);
  }
}
