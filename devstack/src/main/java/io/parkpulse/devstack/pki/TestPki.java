package io.parkpulse.devstack.pki;

import io.parkpulse.model.TrustAnchorPem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for the tests, as an enterprise would make them: a CA per enterprise, device
 * certificates it signs ({@code CN} the device, {@code O} the enterprise), and the gateway's server
 * certificate. EC P-256 keys, quick to make.
 */
public final class TestPki {

  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
  private static final char[] PASSWORD = "test".toCharArray();

  /** A certificate and its key. */
  public record Issued(X509Certificate certificate, PrivateKey key) {

    /** The certificate as PEM. */
    public String pem() {
      return TrustAnchorPem.write(certificate);
    }

    /** The key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
    public String keyPem() {
      return "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
          + "\n-----END PRIVATE KEY-----\n";
    }

    /** Writes the certificate and the key to {@code directory}/{@code name}.pem and .key. */
    public Path[] write(Path directory, String name) {
      try {
        Files.createDirectories(directory);
        Path cert = Files.writeString(directory.resolve(name + ".pem"), pem());
        Path key = Files.writeString(directory.resolve(name + ".key"), keyPem());
        return new Path[] {cert, key};
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private TestPki() {}

  /** A CA named {@code name}, valid from a day ago for a year. */
  public static Issued ca(String name) {
    Instant now = Instant.now();
    return ca(name, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
  }

  /** A CA named {@code name}, valid between the instants given. */
  public static Issued ca(String name, Instant notBefore, Instant notAfter) {
    KeyPair key = keyPair();
    return new Issued(
        sign("CN=" + name, key.getPrivate(), "CN=" + name, key, notBefore, notAfter, Kind.CA),
        key.getPrivate());
  }

  /** An intermediate CA named {@code name} that {@code ca} signed, valid from a day ago for 90. */
  public static Issued intermediate(Issued ca, String name) {
    KeyPair key = keyPair();
    Instant now = Instant.now();
    return new Issued(
        sign(
            ca.certificate().getSubjectX500Principal().getName(),
            ca.key(),
            "CN=" + name,
            key,
            now.minus(Duration.ofDays(1)),
            now.plus(Duration.ofDays(90)),
            Kind.CA),
        key.getPrivate());
  }

  /** A certificate for device {@code device} of {@code enterprise}, valid from a day ago for 30. */
  public static Issued device(Issued ca, String enterprise, String device) {
    Instant now = Instant.now();
    return client(
        ca,
        "CN=" + device + ",O=" + enterprise,
        now.minus(Duration.ofDays(1)),
        now.plus(Duration.ofDays(30)));
  }

  /** A client certificate with any subject and validity. */
  public static Issued client(Issued ca, String subject, Instant notBefore, Instant notAfter) {
    KeyPair key = keyPair();
    return new Issued(
        sign(
            ca.certificate().getSubjectX500Principal().getName(),
            ca.key(),
            subject,
            key,
            notBefore,
            notAfter,
            Kind.CLIENT),
        key.getPrivate());
  }

  /** The gateway's certificate for 127.0.0.1 and localhost. */
  public static Issued server(Issued ca) {
    KeyPair key = keyPair();
    Instant now = Instant.now();
    return new Issued(
        sign(
            ca.certificate().getSubjectX500Principal().getName(),
            ca.key(),
            "CN=localhost",
            key,
            now.minus(Duration.ofDays(1)),
            now.plus(Duration.ofDays(30)),
            Kind.SERVER),
        key.getPrivate());
  }

  /**
   * A socket factory that trusts {@code serverCa} and presents {@code client} (null: no client
   * certificate).
   */
  public static SSLSocketFactory socketFactory(X509Certificate serverCa, Issued client) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", serverCa);
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      if (client != null) {
        keys.setKeyEntry(
            "device", client.key(), PASSWORD, new Certificate[] {client.certificate()});
      }
      keyManagers.init(keys, PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private enum Kind {
    CA,
    CLIENT,
    SERVER
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate sign(
      String issuer,
      PrivateKey issuerKey,
      String subject,
      KeyPair key,
      Instant notBefore,
      Instant notAfter,
      Kind kind) {
    try {
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              new X500Name(issuer),
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(notBefore),
              Date.from(notAfter),
              new X500Name(subject),
              key.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(kind == Kind.CA));
      switch (kind) {
        case CA ->
            builder.addExtension(
                Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        case CLIENT ->
            builder.addExtension(
                Extension.extendedKeyUsage,
                false,
                new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        case SERVER -> {
          builder.addExtension(
              Extension.extendedKeyUsage,
              false,
              new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
          builder.addExtension(
              Extension.subjectAlternativeName,
              false,
              new GeneralNames(
                  new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.dNSName, "localhost")
                  }));
        }
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }
}
