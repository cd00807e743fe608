package io.parkpulse.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parkpulse.agent.config.AgentConfig;
import io.parkpulse.agent.config.ConfigLoader;
import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.TestDirs;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * The agent to a TLS listener that requires a client certificate (Mosquitto), with PEM files as a
 * park operator hands them out: the CA, and the agent's certificate and key.
 */
class TlsIT {

  private final Path work = TestDirs.create("agent-tls");

  @Test
  void connectsWithTheParksCaAndItsClientCertificateAndSaysWhatIsWrongOtherwise() throws Exception {
    KeyPair caKey = rsa();
    X509Certificate ca = certificate("CN=Park CA", caKey, "CN=Park CA", caKey.getPublic(), true);
    KeyPair serverKey = rsa();
    X509Certificate server =
        certificate("CN=Park CA", caKey, "CN=gateway", serverKey.getPublic(), false);
    KeyPair clientKey = rsa();
    X509Certificate client =
        certificate("CN=Park CA", caKey, "CN=line1", clientKey.getPublic(), false);
    KeyPair otherKey = rsa();
    X509Certificate otherCa =
        certificate("CN=Other CA", otherKey, "CN=Other CA", otherKey.getPublic(), true);
    pem(work.resolve("ca.pem"), "CERTIFICATE", ca.getEncoded());
    pem(work.resolve("other-ca.pem"), "CERTIFICATE", otherCa.getEncoded());
    pem(work.resolve("server.pem"), "CERTIFICATE", server.getEncoded());
    key(work.resolve("server.key"), serverKey.getPrivate());
    pem(work.resolve("agent.pem"), "CERTIFICATE", client.getEncoded());
    key(work.resolve("agent.key"), clientKey.getPrivate());

    int port = Ports.free();
    try (ManagedProcess broker =
        new Apps(work)
            .mosquitto(
                port,
                work.resolve("mosquitto"),
                List.of(
                    "cafile " + work.resolve("ca.pem"),
                    "certfile " + work.resolve("server.pem"),
                    "keyfile " + work.resolve("server.key"),
                    "require_certificate true"))) {
      String mutual = "  tls: { ca: ca.pem, cert: agent.pem, key: agent.key }";
      assertThat(check(port, mutual)).contains("ok    gateway ssl://127.0.0.1:" + port);
      assertThat(check(port, "  tls: { ca: ca.pem }")).contains("FAIL  gateway");
      assertThat(check(port, "  tls: { ca: other-ca.pem, cert: agent.pem, key: agent.key }"))
          .contains("FAIL  gateway")
          .contains("TLS with the gateway failed");

      // And readings go through: the store drains over TLS.
      AgentConfig config = ConfigLoader.load(config(port, mutual, 25));
      Thread agent = new Thread(new Agent(config), "tls-agent");
      agent.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> !agent.isAlive());
      assertThat(Files.readString(config.stateDir().resolve("status.json")))
          .contains("\"storedUnsent\" : 0")
          .contains("\"lastSeq\" : 25");
    }
  }

  private String check(int port, String tls) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AgentMain.check(
        ConfigLoader.load(config(port, tls, 0)),
        new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  private Path config(int port, String tls, int readings) throws Exception {
    Path file = work.resolve("agent-" + System.nanoTime() + ".yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "gateway:",
            "  uri: ssl://127.0.0.1:" + port,
            tls,
            "device: { enterprise: acme, id: line1, secret: s3cret }",
            "state-dir: state-" + System.nanoTime(),
            "machines:",
            "  - simulator: { interval: 20ms, max-readings: " + readings + " }",
            ""));
    return file;
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static X509Certificate certificate(
      String issuer, KeyPair issuerKey, String subject, java.security.PublicKey key, boolean ca)
      throws Exception {
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            new X500Name(issuer),
            BigInteger.valueOf(now.toEpochMilli()),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(1))),
            new X500Name(subject),
            key);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (!ca) {
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")
              }));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(
                new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey.getPrivate())));
  }

  private static void key(Path file, PrivateKey key) throws Exception {
    pem(file, "PRIVATE KEY", key.getEncoded());
  }

  private static void pem(Path file, String type, byte[] der) throws Exception {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    Files.writeString(
        file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
  }
}
