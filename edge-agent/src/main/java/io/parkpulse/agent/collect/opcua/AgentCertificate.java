package io.parkpulse.agent.collect.opcua;

import io.parkpulse.model.DeviceRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * The agent's OPC UA application instance certificate for one device: an RSA 2048 key pair and a
 * self-signed certificate whose application URI is {@code urn:parkpulse:edge-agent:{enterprise}:
 * {device}}. Created on first use in {@code {pki}/own/{enterprise}.{device}.p12} and reused after
 * that, so that a server trusts it once; a copy of the certificate alone is written beside it as
 * {@code .der} for the technician to put in the server's trust list.
 *
 * @param keyPair the key pair
 * @param certificate the certificate
 * @param derFile the certificate file to trust on the server
 */
record AgentCertificate(KeyPair keyPair, X509Certificate certificate, Path derFile) {

  private static final Logger LOG = Logger.getLogger(AgentCertificate.class.getName());
  private static final String ALIAS = "edge-agent";
  // The key file is protected by its file permissions; PKCS12 only insists on a password.
  private static final char[] STORE_PASSWORD = "parkpulse".toCharArray();
  private static final Period VALIDITY = Period.ofYears(10);
  private static final Duration RENEW_BEFORE = Duration.ofDays(30);
  // Collectors of several devices may share one PKI directory.
  private static final Object FILES = new Object();

  /** The application URI of the agent collecting for {@code device}. */
  static String applicationUri(DeviceRef device) {
    return "urn:parkpulse:edge-agent:" + device.enterprise() + ":" + device.device();
  }

  /**
   * Loads the certificate of {@code device} from {@code pkiDir}, or creates it if there is none, or
   * if the one there has another application URI or expires within 30 days.
   */
  static AgentCertificate loadOrCreate(Path pkiDir, DeviceRef device)
      throws IOException, GeneralSecurityException {
    Path own = pkiDir.resolve("own");
    String base = device.enterprise() + "." + device.device();
    Path p12 = own.resolve(base + ".p12");
    Path der = own.resolve(base + ".der");
    String uri = applicationUri(device);
    synchronized (FILES) {
      if (Files.exists(p12)) {
        Optional<AgentCertificate> loaded = load(p12, der, uri);
        if (loaded.isPresent()) {
          if (!Files.exists(der)) {
            writeAtomically(der, loaded.get().certificate().getEncoded());
          }
          return loaded.get();
        }
      }
      Files.createDirectories(own);
      AgentCertificate created = create(device, uri, der);
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          ALIAS,
          created.keyPair().getPrivate(),
          STORE_PASSWORD,
          new Certificate[] {created.certificate()});
      // A temporary file is readable by its owner only (POSIX), and the key file stays so.
      Path tmp = Files.createTempFile(own, base, ".tmp");
      try {
        try (OutputStream out = Files.newOutputStream(tmp)) {
          store.store(out, STORE_PASSWORD);
        }
        Files.move(tmp, p12, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      writeAtomically(der, created.certificate().getEncoded());
      LOG.info(
          "created the OPC UA certificate of "
              + device.username()
              + " ("
              + uri
              + "); a server that checks client certificates must trust "
              + der);
      return created;
    }
  }

  private static Optional<AgentCertificate> load(Path p12, Path der, String uri)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      store.load(in, STORE_PASSWORD);
    }
    Key key = store.getKey(ALIAS, STORE_PASSWORD);
    Certificate cert = store.getCertificate(ALIAS);
    if (!(key instanceof PrivateKey privateKey) || !(cert instanceof X509Certificate x509)) {
      LOG.warning(p12 + " holds no key entry '" + ALIAS + "'; creating a new certificate");
      return Optional.empty();
    }
    Optional<String> certUri = CertificateUtil.getSanUri(x509);
    if (certUri.isEmpty() || !certUri.get().equals(uri)) {
      LOG.warning(
          p12
              + " is for "
              + certUri.orElse("no application URI")
              + ", not "
              + uri
              + "; creating a new certificate, which the server must trust again");
      return Optional.empty();
    }
    if (x509.getNotAfter().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE))) {
      LOG.warning(
          p12
              + " expires "
              + x509.getNotAfter().toInstant()
              + "; creating a new certificate, which the server must trust again");
      return Optional.empty();
    }
    return Optional.of(
        new AgentCertificate(new KeyPair(x509.getPublicKey(), privateKey), x509, der));
  }

  private static AgentCertificate create(DeviceRef device, String uri, Path der)
      throws GeneralSecurityException {
    KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
    SelfSignedCertificateBuilder builder =
        new SelfSignedCertificateBuilder(keyPair)
            .setCommonName("ParkPulse edge agent " + device.username())
            .setOrganization("ParkPulse")
            .setApplicationUri(uri)
            .setValidityPeriod(VALIDITY)
            .addDnsName(hostName());
    try {
      return new AgentCertificate(keyPair, builder.build(), der);
    } catch (GeneralSecurityException e) {
      throw e;
    } catch (Exception e) {
      throw new GeneralSecurityException("cannot create the agent's certificate", e);
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  private static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try {
      Files.write(tmp, bytes);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
