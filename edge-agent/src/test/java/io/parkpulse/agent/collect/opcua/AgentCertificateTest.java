package io.parkpulse.agent.collect.opcua;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.model.DeviceRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentCertificateTest {

  @TempDir Path pki;

  @Test
  void createsAnRsa2048CertificateForTheDeviceAndReusesIt() throws Exception {
    DeviceRef device = new DeviceRef("acme", "press-1");

    AgentCertificate created = AgentCertificate.loadOrCreate(pki, device);
    AgentCertificate loaded = AgentCertificate.loadOrCreate(pki, device);

    assertThat(CertificateUtil.getSanUri(created.certificate()))
        .contains("urn:parkpulse:edge-agent:acme:press-1");
    assertThat(((RSAPublicKey) created.keyPair().getPublic()).getModulus().bitLength())
        .isEqualTo(2048);
    assertThat(loaded.certificate()).isEqualTo(created.certificate());
    assertThat(loaded.keyPair().getPrivate()).isEqualTo(created.keyPair().getPrivate());
    assertThat(Files.readAllBytes(created.derFile())).isEqualTo(created.certificate().getEncoded());
    assertThat(created.derFile()).isEqualTo(pki.resolve("own").resolve("acme.press-1.der"));
  }

  @Test
  void createsANewCertificateWhenTheFileIsForAnotherApplicationUri() throws Exception {
    DeviceRef first = new DeviceRef("acme", "press-1");
    DeviceRef renamed = new DeviceRef("acme", "press-2");
    AgentCertificate old = AgentCertificate.loadOrCreate(pki, first);
    Path own = pki.resolve("own");
    Files.copy(own.resolve("acme.press-1.p12"), own.resolve("acme.press-2.p12"));

    AgentCertificate created = AgentCertificate.loadOrCreate(pki, renamed);

    assertThat(created.certificate()).isNotEqualTo(old.certificate());
    assertThat(CertificateUtil.getSanUri(created.certificate()))
        .contains("urn:parkpulse:edge-agent:acme:press-2");
  }
}
