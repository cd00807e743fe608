package io.parkpulse.platform.tenancy;

import io.parkpulse.model.TrustAnchorPem;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.audit.Audit;
import io.parkpulse.platform.devices.RegistryOutbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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
@Path("/api/v1/enterprises/{enterprise}/trust-anchor")
@Produces(MediaType.APPLICATION_JSON)
public class TrustAnchorResource {

  /** Largest PEM text accepted, in bytes. */
  static final int MAX_PEM_BYTES = 64 * 1024;

  private final SecurityIdentity identity;
  private final RegistryOutbox outbox;

  TrustAnchorResource(SecurityIdentity identity, RegistryOutbox outbox) {
    this.identity = identity;
    this.outbox = outbox;
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

  @GET
  public Uni<TrustAnchorView> get(@PathParam("enterprise") String id) {
    Caller caller = caller();
    return Panache.withSession(() -> EnterpriseResource.visible(caller, id))
        .map(
            e -> {
              if (e.trustAnchor == null) {
                throw ApiErrors.notFound("trust anchor of enterprise", id);
              }
              return TrustAnchorView.of(e);
            });
  }

  /**
   * Sets the CA certificates: the body is PEM, one or more {@code BEGIN CERTIFICATE} blocks, each a
   * CA certificate valid now. Answers 400 saying which certificate is unfit and why.
   */
  @PUT
  @Consumes({"application/x-pem-file", MediaType.TEXT_PLAIN})
  public Uni<TrustAnchorView> set(@PathParam("enterprise") String id, String pem) {
    Caller caller = caller();
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
    return Panache.withTransaction(
            () ->
                managed(caller, id)
                    .flatMap(
                        e -> {
                          e.trustAnchor = normalized;
                          return republish(e)
                              .call(
                                  () ->
                                      Audit.record(
                                          caller,
                                          "enterprise.trust-anchor.set",
                                          "enterprise",
                                          e.id,
                                          e.parkId,
                                          e.id,
                                          Map.of(
                                              "certificates",
                                              authorities.stream()
                                                  .map(CertificateView::of)
                                                  .toList())))
                              .replaceWith(e);
                        }))
        .map(TrustAnchorView::of);
  }

  /** Removes the CA certificates: the enterprise's devices log in with their secrets only. */
  @DELETE
  public Uni<Response> delete(@PathParam("enterprise") String id) {
    Caller caller = caller();
    return Panache.withTransaction(
            () ->
                managed(caller, id)
                    .flatMap(
                        e -> {
                          if (e.trustAnchor == null) {
                            throw ApiErrors.notFound("trust anchor of enterprise", id);
                          }
                          e.trustAnchor = null;
                          return republish(e)
                              .call(
                                  () ->
                                      Audit.record(
                                          caller,
                                          "enterprise.trust-anchor.delete",
                                          "enterprise",
                                          e.id,
                                          e.parkId,
                                          e.id,
                                          Map.of()));
                        }))
        .replaceWith(Response.noContent().build());
  }

  /**
   * Queues every device of {@code e} for the registry with {@code e}'s CAs as they are now (and the
   * limits in force), as a change of limits does.
   */
  private Uni<Void> republish(Enterprise e) {
    return Park.<Park>findById(e.parkId).flatMap(park -> outbox.publishEnterprise(park, e));
  }

  private static Uni<Enterprise> managed(Caller caller, String id) {
    return EnterpriseResource.visible(caller, id)
        .map(
            e -> {
              if (!caller.managesEnterprise(e.parkId, e.id)) {
                throw ApiErrors.forbidden("viewers cannot change the enterprise's trust anchor");
              }
              return e;
            });
  }

  private static String fingerprint(X509Certificate certificate) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("SHA-256 of a parsed certificate", e);
    }
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
