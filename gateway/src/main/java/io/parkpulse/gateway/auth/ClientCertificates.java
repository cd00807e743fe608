package io.parkpulse.gateway.auth;

import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.TrustAnchorPem;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Client certificates of devices: the subject names the device ({@code CN}) and its enterprise
 * ({@code O}), and the chain must lead to one of that enterprise's CA certificates from the
 * registry, every certificate in it valid now. Revocation is not checked: disabling or deleting the
 * device is how a certificate is withdrawn. Thread-safe.
 */
public final class ClientCertificates {

  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String ANY_USAGE = "2.5.29.37.0";

  /** Above this many remembered CA certificates, the memory is cleared (CAs change rarely). */
  private static final int MAX_REMEMBERED = 10_000;

  /** What the chain is worth. */
  public enum Verdict {
    TRUSTED,
    /** A certificate of the chain is outside its validity period (expired or not yet valid). */
    EXPIRED,
    /** The chain does not lead to the enterprise's CA, or the certificate is not for clients. */
    UNTRUSTED
  }

  private final Clock clock;
  private final Map<String, Optional<X509Certificate>> anchors = new ConcurrentHashMap<>();

  public ClientCertificates(Clock clock) {
    this.clock = clock;
  }

  /** The device {@code certificate}'s subject names, if it names one: {@code CN} and {@code O}. */
  public static Optional<DeviceRef> deviceOf(X509Certificate certificate) {
    List<String> commonNames = new ArrayList<>();
    List<String> organizations = new ArrayList<>();
    try {
      for (Rdn rdn :
          new LdapName(certificate.getSubjectX500Principal().getName("RFC2253")).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          commonNames.add(String.valueOf(rdn.getValue()));
        } else if (rdn.getType().equalsIgnoreCase("O")) {
          organizations.add(String.valueOf(rdn.getValue()));
        }
      }
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
    if (commonNames.size() != 1 || organizations.size() != 1) {
      return Optional.empty();
    }
    try {
      return Optional.of(new DeviceRef(organizations.get(0), commonNames.get(0)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether {@code chain} (the client's certificate first, then the intermediates it sent) leads to
   * one of {@code trustAnchors} (PEM certificates), each certificate valid now.
   */
  public Verdict verify(List<X509Certificate> chain, List<String> trustAnchors) {
    Set<TrustAnchor> trusted = new HashSet<>();
    List<X509Certificate> authorities = new ArrayList<>();
    for (String pem : trustAnchors) {
      anchor(pem)
          .ifPresent(
              ca -> {
                trusted.add(new TrustAnchor(ca, null));
                authorities.add(ca);
              });
    }
    if (chain.isEmpty() || trusted.isEmpty() || !forClients(chain.get(0))) {
      return Verdict.UNTRUSTED;
    }
    // A client may send its CA along; the path ends below the anchor.
    List<X509Certificate> path = new ArrayList<>();
    for (X509Certificate certificate : chain) {
      if (authorities.contains(certificate)) {
        break;
      }
      path.add(certificate);
    }
    if (path.isEmpty()) {
      return Verdict.UNTRUSTED;
    }
    try {
      PKIXParameters parameters = new PKIXParameters(trusted);
      parameters.setRevocationEnabled(false);
      parameters.setDate(Date.from(clock.instant()));
      PKIXCertPathValidatorResult result =
          (PKIXCertPathValidatorResult)
              CertPathValidator.getInstance("PKIX")
                  .validate(
                      CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
      // PKIX takes an anchor's dates on trust; the enterprise's CA must be valid too.
      result.getTrustAnchor().getTrustedCert().checkValidity(parameters.getDate());
      return Verdict.TRUSTED;
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      return Verdict.EXPIRED;
    } catch (CertPathValidatorException e) {
      return e.getReason() == BasicReason.EXPIRED || e.getReason() == BasicReason.NOT_YET_VALID
          ? Verdict.EXPIRED
          : Verdict.UNTRUSTED;
    } catch (GeneralSecurityException e) {
      return Verdict.UNTRUSTED;
    }
  }

  /** A certificate without extended key usage, or with one that allows client authentication. */
  private static boolean forClients(X509Certificate certificate) {
    try {
      List<String> usages = certificate.getExtendedKeyUsage();
      return usages == null || usages.contains(CLIENT_AUTH) || usages.contains(ANY_USAGE);
    } catch (CertificateParsingException e) {
      return false;
    }
  }

  private Optional<X509Certificate> anchor(String pem) {
    if (anchors.size() > MAX_REMEMBERED) {
      anchors.clear();
    }
    return anchors.computeIfAbsent(
        pem,
        text -> {
          try {
            List<X509Certificate> read = TrustAnchorPem.read(text);
            return read.size() == 1 ? Optional.of(read.get(0)) : Optional.empty();
          } catch (IllegalArgumentException e) {
            return Optional.empty();
          }
        });
  }
}
