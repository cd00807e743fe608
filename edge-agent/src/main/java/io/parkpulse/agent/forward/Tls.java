package io.parkpulse.agent.forward;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** TLS to the gateway from PEM files, as park operators hand them out. */
public final class Tls {

  private Tls() {}

  /**
   * A socket factory that trusts {@code caFile} (or the system's CAs when null) and, when {@code
   * certFile} and {@code keyFile} are given, presents that client certificate (mutual TLS).
   *
   * @throws GeneralSecurityException if a file does not hold what it should, saying which
   */
  public static SSLSocketFactory socketFactory(Path caFile, Path certFile, Path keyFile)
      throws IOException, GeneralSecurityException {
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (caFile == null) {
      trust.init((KeyStore) null);
    } else {
      KeyStore cas = KeyStore.getInstance(KeyStore.getDefaultType());
      cas.load(null, null);
      int i = 0;
      for (Certificate ca : certificates(caFile)) {
        cas.setCertificateEntry("ca-" + i++, ca);
      }
      trust.init(cas);
    }
    KeyManagerFactory keys = null;
    if (certFile != null && keyFile != null) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] none = new char[0];
      store.setKeyEntry(
          "client", privateKey(keyFile), none, certificates(certFile).toArray(Certificate[]::new));
      keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, none);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
    return context.getSocketFactory();
  }

  private static Collection<? extends Certificate> certificates(Path file)
      throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new GeneralSecurityException(file + " holds no PEM certificate");
      }
      return certs;
    }
  }

  private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    String pem = Files.readString(file);
    int start = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (start < 0 || end < 0) {
      throw new GeneralSecurityException(
          file
              + " is not a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----); convert it with"
              + " openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem");
    }
    byte[] der =
        Base64.getMimeDecoder().decode(pem.substring(start + 27, end).replaceAll("\\s", ""));
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : new String[] {"RSA", "EC"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new GeneralSecurityException(file + " holds neither an RSA nor an EC private key");
  }
}
