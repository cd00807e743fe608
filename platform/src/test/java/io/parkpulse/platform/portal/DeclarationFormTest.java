package io.parkpulse.platform.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.platform.maturity.declarations.DeclarationViews.ItemView;
import io.parkpulse.platform.maturity.miit.MiitItems;
import io.parkpulse.platform.maturity.miit.MiitRule;
import org.junit.jupiter.api.Test;

class DeclarationFormTest {

  private static ItemView item(String id) {
    MiitItems.Item i = MiitItems.item(id).orElseThrow();
    return new ItemView(
        i.id(),
        i.name(),
        i.english(),
        i.kind(),
        i.max(),
        MiitRule.defaults().isMandatory(i.id()),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void aScenarioTakesAWholeLevelFromZeroToFour() {
    assertThat(new DeclarationForm("3", null).problem(item("planning"))).isNull();
    assertThat(new DeclarationForm("2.5", null).problem(item("planning")))
        .isEqualTo("declarations.level-range");
    assertThat(new DeclarationForm("5", null).problem(item("planning")))
        .isEqualTo("declarations.level-range");
  }

  @Test
  void aBaseItemTakesPointsUpToItsMaximumWithACommaAsTheDecimalPoint() {
    assertThat(new DeclarationForm("7,5", null).problem(item("funding"))).isNull();
    assertThat(new DeclarationForm("7,5", " ").request(null, null).value()).isEqualTo(7.5);
    assertThat(new DeclarationForm("7,5", " ").request(null, null).note()).isNull();
    assertThat(new DeclarationForm("8", null).problem(item("funding")))
        .isEqualTo("declarations.points-range");
    assertThat(new DeclarationForm("-1", null).problem(item("funding")))
        .isEqualTo("declarations.points-range");
  }

  @Test
  void aValueThatIsNoNumberIsSaidSo() {
    assertThat(new DeclarationForm("three", null).problem(item("planning")))
        .isEqualTo("declarations.value-invalid");
    assertThat(new DeclarationForm("", null).problem(item("funding")))
        .isEqualTo("declarations.value-invalid");
    assertThat(new DeclarationForm("NaN", null).problem(item("funding")))
        .isEqualTo("declarations.value-invalid");
  }
}
