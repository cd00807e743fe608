package io.parkpulse.platform.parks;

import io.parkpulse.model.TrustAnchorPem;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.audit.AuditLog;
import io.parkpulse.platform.devices.RegistryOutbox;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Enterprise;
import io.parkpulse.platform.tenancy.ParkRepository;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * An enterprise's trust anchor for mutual TLS: the CA certificates (PEM) its devices' client
 * certificates must chain to. Setting or removing it republishes every device of the enterprise to
 * the registry topic with the new CAs, so the gateways use them within seconds, without a restart;
 * connections logged in with a certificate the new CAs do not vouch for are closed. Two CAs side by
 * side let devices move from one to the other.
 */
@ApplicationScoped
public class TrustAnchorService {

  /** Largest PEM text accepted, in bytes. */
  static final int MAX_PEM_BYTES = 64 * 1024;

  private static final String VIEWERS = "viewers cannot change the enterprise's trust anchor";

  private final TenancyGate gate;
  private final ParkRepository parks;
  private final RegistryOutbox outbox;
  private final AuditLog audit;

  TrustAnchorService(
      TenancyGate gate, ParkRepository parks, RegistryOutbox outbox, AuditLog audit) {
    this.gate = gate;
    this.parks = parks;
    this.outbox = outbox;
    this.audit = audit;
  }

  /** One CA certificate as the API shows it. */
  public record CertificateView(
      String subject, String issuer, Instant notBefore, Instant notAfter, String sha256) {
    static CertificateView of(X509Certificate c) {
      return new CertificateView(
          c.getSubjectX500Principal().getName(),
          c.getIssuerX500Principal().getName(),
          c.getNotBefore().toInstant(),
          c.getNotAfter().toInstant(),
          fingerprint(c));
    }
  }

  /** The enterprise's CA certificates, described and as PEM. */
  public record TrustAnchorView(String enterprise, List<CertificateView> certificates, String pem) {
    static TrustAnchorView of(Enterprise e) {
      return new TrustAnchorView(
          e.id,
          TrustAnchorPem.read(e.trustAnchor).stream().map(CertificateView::of).toList(),
          e.trustAnchor);
    }
  }

  /** The enterprise's CAs, 404 if it has none or is out of scope. */
  @WithSession
  public Uni<TrustAnchorView> get(Caller caller, String id) {
    return gate.enterprise(caller, id)
        .map(
            e -> {
              if (e.trustAnchor == null) {
                throw ApiErrors.notFound("trust anchor of enterprise", id);
              }
              return TrustAnchorView.of(e);
            });
  }

  /**
   * Sets the CA certificates: {@code pem} holds one or more {@code BEGIN CERTIFICATE} blocks, each
   * a CA certificate valid now. Answers 400 saying which certificate is unfit and why.
   */
  @WithTransaction
  public Uni<TrustAnchorView> set(Caller caller, String id, String pem) {
    ApiErrors.require(pem != null && !pem.isBlank(), "body", "PEM CA certificates are required");
    ApiErrors.require(
        pem.getBytes(StandardCharsets.UTF_8).length <= MAX_PEM_BYTES,
        "body",
        "at most " + MAX_PEM_BYTES + " bytes of PEM");
    List<X509Certificate> authorities;
    try {
      authorities = TrustAnchorPem.readAuthorities(pem, Instant.now());
    } catch (IllegalArgumentException e) {
      throw ApiErrors.badRequest("body", e.getMessage());
    }
    String normalized = String.join("", authorities.stream().map(TrustAnchorPem::write).toList());
    return gate.managedEnterprise(caller, id, VIEWERS)
        .flatMap(
            e -> {
              e.trustAnchor = normalized;
              return republish(e)
                  .call(
                      () ->
                          audit.record(
                              caller,
                              "enterprise.trust-anchor.set",
                              "enterprise",
                              e.id,
                              e.parkId,
                              e.id,
                              Map.of(
                                  "certificates",
                                  authorities.stream().map(CertificateView::of).toList())))
                  .replaceWith(e);
            })
        .map(TrustAnchorView::of);
  }

  /** Removes the CA certificates: the enterprise's devices log in with their secrets only. */
  @WithTransaction
  public Uni<Void> delete(Caller caller, String id) {
    return gate.managedEnterprise(caller, id, VIEWERS)
        .flatMap(
            e -> {
              if (e.trustAnchor == null) {
                throw ApiErrors.notFound("trust anchor of enterprise", id);
              }
              e.trustAnchor = null;
              return republish(e)
                  .call(
                      () ->
                          audit.record(
                              caller,
                              "enterprise.trust-anchor.delete",
                              "enterprise",
                              e.id,
                              e.parkId,
                              e.id,
                              Map.of()));
            });
  }

  /**
   * Queues every device of {@code e} for the registry with {@code e}'s CAs as they are now (and the
   * limits in force), as a change of limits does.
   */
  private Uni<Void> republish(Enterprise e) {
    return parks.findById(e.parkId).flatMap(park -> outbox.publishEnterprise(park, e));
  }

  private static String fingerprint(X509Certificate certificate) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("SHA-256 of a parsed certificate", e);
    }
  }
}
