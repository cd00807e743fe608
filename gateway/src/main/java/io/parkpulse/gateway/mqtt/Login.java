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

  Login {
    certificates = List.copyOf(certificates);
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
