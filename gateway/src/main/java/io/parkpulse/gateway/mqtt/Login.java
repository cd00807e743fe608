package io.parkpulse.gateway.mqtt;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * How a connection came in and proved who it is.
 *
 * @param tls whether it came through the TLS listener
 * @param certificates the client certificate chain that authenticated it (its own first), or empty
 *     if it logged in with its secret
 */
record Login(boolean tls, List<X509Certificate> certificates) {

  private static final Login TCP_SECRET = new Login(false, List.of());
  private static final Login TLS_SECRET = new Login(true, List.of());

  Login {
    certificates = List.copyOf(certificates);
  }

  /** The login of a connection; one shared instance for each kind of login by secret. */
  static Login of(boolean tls, List<X509Certificate> certificates) {
    if (certificates.isEmpty()) {
      return tls ? TLS_SECRET : TCP_SECRET;
    }
    return new Login(tls, certificates);
  }

  /** Whether a client certificate, not the secret, authenticated the connection. */
  boolean byCertificate() {
    return !certificates.isEmpty();
  }

  /** The tag value of the transport: {@code tls} or {@code tcp}. */
  String transport() {
    return tls ? "tls" : "tcp";
  }

  /** The tag value of the credential: {@code certificate} or {@code secret}. */
  String credential() {
    return byCertificate() ? "certificate" : "secret";
  }
}
