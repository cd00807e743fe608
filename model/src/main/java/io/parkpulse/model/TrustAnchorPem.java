package io.parkpulse.model;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;

/**
 * An enterprise's CA certificates (trust anchors for its devices' client certificates) as PEM text:
 * read, checked that each can sign device certificates today, and written back one certificate per
 * PEM block, as the registry entry's {@code trustAnchors} carry them.
 */
public final class TrustAnchorPem {

  /** Most CA certificates one enterprise may have at once (two during a rotation). */
  public static final int MAX_CERTIFICATES = 10;

  private static final int KEY_CERT_SIGN = 5;

  private TrustAnchorPem() {}

  /**
   * The certificates of {@code pem} (one or more {@code BEGIN CERTIFICATE} blocks).
   *
   * @throws IllegalArgumentException if it holds none, or something that is not a certificate
   */
  public static List<X509Certificate> read(String pem) {
    if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException(
          "expected PEM certificates (-----BEGIN CERTIFICATE-----), found none");
    }
    Collection<? extends Certificate> read;
    try {
      read =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(pem.strip().getBytes(StandardCharsets.US_ASCII)));
    } catch (CertificateException e) {
      throw new IllegalArgumentException("not a readable PEM certificate: " + e.getMessage(), e);
    }
    if (read.isEmpty()) {
      throw new IllegalArgumentException("no certificate in the PEM text");
    }
    List<X509Certificate> certificates = new ArrayList<>();
    for (Certificate certificate : read) {
      if (!(certificate instanceof X509Certificate x509)) {
        throw new IllegalArgumentException("not an X.509 certificate: " + certificate.getType());
      }
      certificates.add(x509);
    }
    return certificates;
  }

  /**
   * The certificates of {@code pem}, each checked to be a CA that may sign certificates and valid
   * at {@code now}.
   *
   * @throws IllegalArgumentException saying which certificate is unfit and why
   */
  public static List<X509Certificate> readAuthorities(String pem, Instant now) {
    List<X509Certificate> certificates = read(pem);
    if (certificates.size() > MAX_CERTIFICATES) {
      throw new IllegalArgumentException(
          certificates.size() + " certificates; at most " + MAX_CERTIFICATES);
    }
    for (X509Certificate certificate : certificates) {
      String name = certificate.getSubjectX500Principal().getName();
      if (certificate.getBasicConstraints() < 0) {
        throw new IllegalArgumentException(
            "'" + name + "' is not a CA certificate (basic constraints without CA:TRUE)");
      }
      boolean[] usage = certificate.getKeyUsage();
      if (usage != null && !usage[KEY_CERT_SIGN]) {
        throw new IllegalArgumentException(
            "'" + name + "' may not sign certificates (key usage without keyCertSign)");
      }
      Date at = Date.from(now);
      if (at.after(certificate.getNotAfter())) {
        throw new IllegalArgumentException(
            "'" + name + "' expired at " + certificate.getNotAfter().toInstant());
      }
      if (at.before(certificate.getNotBefore())) {
        throw new IllegalArgumentException(
            "'" + name + "' is not valid before " + certificate.getNotBefore().toInstant());
      }
    }
    return certificates;
  }

  /** {@code certificate} as one PEM block. */
  public static String write(X509Certificate certificate) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateException e) {
      throw new IllegalArgumentException(
          "cannot encode " + certificate.getSubjectX500Principal(), e);
    }
  }
}
