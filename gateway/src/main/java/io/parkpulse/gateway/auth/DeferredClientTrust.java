package io.parkpulse.gateway.auth;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS listener's trust manager for client certificates: it takes every chain the client proves
 * it holds the key of, because which CA a certificate must lead to depends on the enterprise it
 * names, and enterprises' CAs come and go with the registry. {@link DeviceAuthenticator} judges the
 * chain at CONNECT, before the device may do anything. It names no CA in its certificate request,
 * so that a client offers whatever certificate it has.
 */
public final class DeferredClientTrust extends X509ExtendedTrustManager {

  private static final X509Certificate[] NONE = new X509Certificate[0];

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {
    // Judged at CONNECT against the CA of the certificate's enterprise.
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
    // As above.
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    // As above.
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("the gateway only accepts connections");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("the gateway only accepts connections");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("the gateway only accepts connections");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return NONE;
  }
}
