package io.parkpulse.platform.portal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceFormTest {

  @Test
  void aRatedPowerWithADecimalCommaIsUnderstood() {
    DeviceForm form = new DeviceForm("lathe-01", "车床", "machine", "", " ", "7,5", "high");

    assertThat(form.problems()).isEmpty();
    assertThat(form.request().ratedPowerKw()).isEqualTo(7.5);
    assertThat(form.request().site()).isNull();
    assertThat(form.request().line()).isNull();
  }

  @Test
  void whatIsWrongIsNamedFieldByField() {
    DeviceForm form = new DeviceForm("Lathe 01", " ", "machine", "", "", "-3", "high");

    assertThat(form.problems())
        .containsExactly(
            "device.form.id-invalid", "device.form.name-required", "device.form.power-invalid");
  }

  @Test
  void theAgentConfigurationNamesTheDeviceAndItsSecret() {
    String yaml = DeviceForm.agentYaml("ssl://gw.park:8883", "acme", "lathe-01", "s3cr3t");

    assertThat(yaml)
        .contains("uri: ssl://gw.park:8883")
        .contains("enterprise: acme")
        .contains("id: lathe-01")
        .contains("secret: \"s3cr3t\"");
  }
}
