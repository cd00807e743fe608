package io.parkpulse.platform.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.platform.mu.MuService.InputRequest;
import io.parkpulse.platform.mu.MuService.InputView;
import io.parkpulse.platform.mu.MuService.SettingsRequest;
import io.parkpulse.platform.mu.ranking.MuSettings;
import org.junit.jupiter.api.Test;

/** The 亩均 input and settings forms: what they accept, what they name, how they convert. */
class MuFormsTest {

  @Test
  void inputsTakeACommaAsTheDecimalPointAndBlankAsNotKnown() {
    MuInputForm form = new MuInputForm("acme", " 12,5 ", "0", "");

    assertThat(form.problems()).isEmpty();
    assertThat(form.request()).isEqualTo(new InputRequest(12.5, 0.0, null));
  }

  @Test
  void eachWrongInputIsNamed() {
    assertThat(new MuInputForm(null, null, null, null).problems())
        .containsExactly("mu.enterprise-missing");
    assertThat(new MuInputForm("", "0", "-1", "lots").problems())
        .containsExactly(
            "mu.enterprise-missing", "mu.land-invalid", "mu.tax-invalid", "mu.sales-invalid");
  }

  @Test
  void theInputFormStartsFromWhatWasEntered() {
    MuInputForm form = MuInputForm.of(new InputView("acme", 2026, 30.0, 1234.5, null, "op", null));

    assertThat(form).isEqualTo(new MuInputForm("acme", "30", "1234.5", ""));
  }

  @Test
  void settingsAreTypedInPercentAndSentAsShares() {
    MuSettingsForm form = new MuSettingsForm("50", "30", "20", "10", "60", "10", "1,5");

    assertThat(form.problems()).isEmpty();
    assertThat(form.request()).isEqualTo(new SettingsRequest(0.5, 0.3, 0.2, 0.1, 0.6, 0.1, 1.5));
  }

  @Test
  void theSettingsFormShowsTheDefaultsAsPercentagesAndSendsThemBackUnchanged() {
    MuSettingsForm form = MuSettingsForm.of(MuSettings.defaults());

    assertThat(form).isEqualTo(new MuSettingsForm("45", "35", "20", "20", "50", "5", "2"));
    assertThat(form.problems()).isEmpty();
    assertThat(form.request()).isEqualTo(new SettingsRequest(0.45, 0.35, 0.2, 0.2, 0.5, 0.05, 2.0));
  }

  @Test
  void blankSettingsTakeTheDefaultsAndCountAsThemInTheSums() {
    assertThat(new MuSettingsForm("", "", "", "", "", "", "").problems()).isEmpty();
    assertThat(new MuSettingsForm(null, null, null, null, null, null, null).problems()).isEmpty();
    assertThat(new MuSettingsForm(null, null, null, null, null, null, null).request())
        .isEqualTo(new SettingsRequest(null, null, null, null, null, null, null));
    assertThat(new MuSettingsForm("50", "", "", "", "", "", "").problems())
        .containsExactly("mu.weights-sum");
    assertThat(new MuSettingsForm("", "", "", "50", "", "", "").problems())
        .containsExactly("mu.shares-sum");
  }

  @Test
  void wrongSettingsAreNamedOnce() {
    assertThat(new MuSettingsForm("-5", "x", "20", "120", "50", "5", "0.5").problems())
        .containsExactly("mu.weight-invalid", "mu.share-invalid", "mu.cap-invalid");
  }

  @Test
  void aDeclaredShareIsTypedInPercentAndAYesNoAsOneOrZero() {
    PolicyDeclarationForm share = new PolicyDeclarationForm("87,5", " fibre to every building ");
    assertThat(share.problem("share")).isNull();
    assertThat(share.request("share", "plan.pdf", "AAAA").value()).isEqualTo(0.875);
    assertThat(share.request("share", null, null).note()).isEqualTo("fibre to every building");

    assertThat(new PolicyDeclarationForm("1", "").problem("yes-no")).isNull();
    assertThat(new PolicyDeclarationForm("1", "").request("yes-no", null, null).value())
        .isEqualTo(1.0);
    assertThat(new PolicyDeclarationForm("1", "").request("yes-no", null, null).note()).isNull();
  }

  @Test
  void aDeclaredValueOutOfRangeIsNamed() {
    assertThat(new PolicyDeclarationForm("101", null).problem("share"))
        .isEqualTo("policy.percent-invalid");
    assertThat(new PolicyDeclarationForm("", null).problem("share"))
        .isEqualTo("policy.percent-invalid");
    assertThat(new PolicyDeclarationForm("0.5", null).problem("yes-no"))
        .isEqualTo("policy.yes-no-invalid");
  }
}
