package io.parkpulse.agent.collect.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.parkpulse.agent.collect.opcua.OpcUaSettings.Security;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.api.config.OpcUaClientConfig;
import org.eclipse.milo.opcua.sdk.client.api.config.OpcUaClientConfigBuilder;
import org.eclipse.milo.opcua.sdk.client.api.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.api.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.client.DiscoveryClient;
import org.eclipse.milo.opcua.stack.client.security.ClientCertificateValidator;
import org.eclipse.milo.opcua.stack.client.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.DefaultTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;

/**
 * Opens sessions to the configured server with the security, identity and trust list the settings
 * ask for, and says in a technician's words why one could not be opened. A client whose connect
 * failed is disconnected here: Milo would otherwise keep reconnecting it in the background.
 *
 * <p>Server certificates are checked against {@code {pki}/trusted/certs}; an unknown one is written
 * to {@code {pki}/rejected} (Milo's {@link DefaultTrustListManager} layout), from where the
 * technician moves it to {@code trusted/certs} to trust it. This applies to Basic256Sha256, and to
 * a user name on a None endpoint, whose password is encrypted for the server's certificate.
 */
final class OpcUaConnector implements AutoCloseable {

  /** How long connecting, and each request, may take. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final OpcUaSettings settings;
  private final Path pkiDir;
  private volatile DefaultTrustListManager trustList;
  private volatile TrustListValidator validator;
  private volatile AgentCertificate certificate;

  OpcUaConnector(OpcUaSettings settings, Path pkiDir) {
    this.settings = settings;
    this.pkiDir = pkiDir;
  }

  /**
   * Discovers the server's endpoints, picks the one of the configured security and opens a session.
   *
   * @param listener told when the session becomes active or inactive, also on Milo's reconnects
   * @return a connected client, which the caller {@linkplain #disconnect disconnects}
   */
  OpcUaClient connect(SessionActivityListener listener) throws Exception {
    TrustListValidator trust = validator();
    if (trust != null) {
      trust.rejected = null;
    }
    List<EndpointDescription> endpoints =
        DiscoveryClient.getEndpoints(
                settings.endpoint(),
                b -> b.setConnectTimeout(uint(TIMEOUT.toMillis())).setRequestTimeout(uint(10_000)))
            .get(2 * TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    EndpointDescription endpoint = select(endpoints);
    OpcUaClientConfigBuilder config =
        OpcUaClientConfig.builder()
            .setEndpoint(endpoint)
            .setApplicationName(LocalizedText.english("ParkPulse edge agent"))
            .setApplicationUri(AgentCertificate.applicationUri(settings.device()))
            .setProductUri("urn:parkpulse:edge-agent")
            .setSessionName(() -> "parkpulse " + settings.device().username())
            .setConnectTimeout(uint(TIMEOUT.toMillis()))
            .setRequestTimeout(uint(TIMEOUT.toMillis()))
            .setIdentityProvider(
                settings.username() == null
                    ? new AnonymousProvider()
                    : new UsernameProvider(
                        settings.username(),
                        settings.password() == null ? "" : settings.password(),
                        trust));
    if (trust != null) {
      config.setCertificateValidator(trust);
    }
    if (settings.security() == Security.BASIC256SHA256) {
      AgentCertificate own = certificate();
      config
          .setKeyPair(own.keyPair())
          .setCertificate(own.certificate())
          .setCertificateChain(new X509Certificate[] {own.certificate()});
    }
    OpcUaClient client = OpcUaClient.create(config.build());
    client.addSessionActivityListener(listener);
    try {
      client.connect().get(2 * TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return client;
    } catch (Exception e) {
      disconnect(client);
      throw e;
    }
  }

  /** Closes the session and stops Milo's reconnecting; waits a moment at most. */
  static void disconnect(OpcUaClient client) {
    try {
      client.disconnect().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // The session is gone either way; the server drops it when it times out.
    }
  }

  /** What went wrong, and what to check, for a failure of {@link #connect}. */
  String describe(Throwable failure) {
    Throwable e = unwrap(failure);
    TrustListValidator trust = validator;
    if (trust != null && trust.rejected != null) {
      return describeRejected(trust.rejected, trust.rejectedStatus);
    }
    if (e instanceof NoMatchingEndpoint) {
      return e.getMessage();
    }
    if (has(e, UnknownHostException.class)) {
      return "cannot reach " + settings.endpoint() + ": unknown host";
    }
    if (has(e, ConnectException.class)) {
      return "cannot reach " + settings.endpoint() + ": connection refused";
    }
    if (e instanceof TimeoutException) {
      return "cannot reach "
          + settings.endpoint()
          + ": no answer within "
          + 2 * TIMEOUT.toSeconds()
          + " s";
    }
    if (e instanceof GeneralSecurityException || e.getCause() instanceof GeneralSecurityException) {
      return "cannot use the agent's certificate in " + pkiDir.resolve("own") + ": " + e;
    }
    UaException ua = find(e, UaException.class);
    if (ua != null) {
      return describe(ua.getStatusCode(), ua.getMessage());
    }
    if (e instanceof IOException) {
      return "cannot reach " + settings.endpoint() + ": " + e.getMessage();
    }
    return "cannot connect to " + settings.endpoint() + ": " + e;
  }

  /** A server certificate that the validator refused, as {@link #describe(Throwable)} words it. */
  String pendingRejection() {
    TrustListValidator trust = validator;
    return trust == null || trust.rejected == null
        ? null
        : describeRejected(trust.rejected, trust.rejectedStatus);
  }

  /** Forgets a refused server certificate, once a session is active again. */
  void clearRejection() {
    TrustListValidator trust = validator;
    if (trust != null) {
      trust.rejected = null;
    }
  }

  @Override
  public synchronized void close() {
    if (trustList != null) {
      try {
        trustList.close();
      } catch (IOException e) {
        // Only stops the directory watcher.
      }
      trustList = null;
    }
  }

  private String describe(StatusCode status, String message) {
    long code = status.getValue();
    String name = statusName(status);
    if (code == StatusCodes.Bad_UserAccessDenied
        || code == StatusCodes.Bad_IdentityTokenInvalid
        || code == StatusCodes.Bad_IdentityTokenRejected) {
      return settings.username() == null
          ? "server refused anonymous access (" + name + "): configure a username and password"
          : "server refused user '"
              + settings.username()
              + "' ("
              + name
              + "): check the username and password";
    }
    if (code == StatusCodes.Bad_SecurityChecksFailed
        || code == StatusCodes.Bad_CertificateUntrusted
        || code == StatusCodes.Bad_CertificateInvalid) {
      if (settings.security() == Security.BASIC256SHA256 && certificate != null) {
        return "server refused the agent's certificate ("
            + name
            + "): make the server trust "
            + certificate.derFile();
      }
      return "server refused the secure channel (" + name + "): " + message;
    }
    if (code == StatusCodes.Bad_Timeout || code == StatusCodes.Bad_ConnectionClosed) {
      return "cannot reach " + settings.endpoint() + ": " + name;
    }
    if (code == StatusCodes.Bad_TcpEndpointUrlInvalid || code == StatusCodes.Bad_ServerUriInvalid) {
      return "server does not know the endpoint " + settings.endpoint() + " (" + name + ")";
    }
    return "server answered " + name + (message == null ? "" : ": " + message);
  }

  private String describeRejected(X509Certificate cert, StatusCode status) {
    Path rejectedDir = pkiDir.resolve("rejected");
    DefaultTrustListManager trust = trustList;
    Path file = rejectedFile(rejectedDir, cert);
    if (file == null || trust == null || trust.getTrustedCertificates().contains(cert)) {
      return "server certificate '"
          + cert.getSubjectX500Principal().getName()
          + "' is not valid ("
          + statusName(status)
          + "): check the server's certificate";
    }
    return "server certificate not trusted: move "
        + file
        + " to "
        + pkiDir.resolve("trusted").resolve("certs")
        + " if it is the certificate of "
        + settings.endpoint();
  }

  /** The file in {@code rejected/} that Milo wrote {@code cert} to. */
  private static Path rejectedFile(Path dir, X509Certificate cert) {
    try (Stream<Path> files = Files.list(dir)) {
      byte[] encoded = cert.getEncoded();
      return files.filter(f -> Arrays.equals(readOrEmpty(f), encoded)).findFirst().orElse(null);
    } catch (IOException | CertificateEncodingException e) {
      return null;
    }
  }

  private static byte[] readOrEmpty(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private EndpointDescription select(List<EndpointDescription> endpoints)
      throws NoMatchingEndpoint {
    SecurityPolicy policy =
        settings.security() == Security.NONE ? SecurityPolicy.None : SecurityPolicy.Basic256Sha256;
    MessageSecurityMode mode =
        settings.security() == Security.NONE
            ? MessageSecurityMode.None
            : MessageSecurityMode.SignAndEncrypt;
    EndpointDescription endpoint =
        endpoints.stream()
            .filter(e -> policy.getUri().equals(e.getSecurityPolicyUri()))
            .filter(e -> e.getSecurityMode() == mode)
            .findFirst()
            .orElseThrow(
                () ->
                    new NoMatchingEndpoint(
                        "server at "
                            + settings.endpoint()
                            + " offers no "
                            + policy.name()
                            + "/"
                            + mode
                            + " endpoint (it offers "
                            + endpoints.stream()
                                .map(OpcUaConnector::label)
                                .distinct()
                                .collect(Collectors.joining(", "))
                            + "): set the security in the configuration to one it offers"));
    // Servers often announce a host name the agent cannot resolve (or a NAT hides them): connect
    // where the configuration says, as the discovery did.
    URI configured = URI.create(settings.endpoint());
    return EndpointUtil.updateUrl(endpoint, configured.getHost(), configured.getPort());
  }

  private static String label(EndpointDescription e) {
    String uri = e.getSecurityPolicyUri();
    String policy = uri == null ? "?" : uri.substring(uri.lastIndexOf('#') + 1);
    return policy + "/" + e.getSecurityMode();
  }

  private synchronized TrustListValidator validator() throws IOException {
    boolean needed = settings.security() != Security.NONE || settings.username() != null;
    if (needed && validator == null) {
      trustList = new DefaultTrustListManager(pkiDir.toFile());
      validator = new TrustListValidator(new DefaultClientCertificateValidator(trustList));
    }
    return validator;
  }

  private synchronized AgentCertificate certificate() throws IOException, GeneralSecurityException {
    if (certificate == null) {
      certificate = AgentCertificate.loadOrCreate(pkiDir, settings.device());
    }
    return certificate;
  }

  static String statusName(StatusCode status) {
    if (status == null) {
      return "Good";
    }
    return StatusCodes.lookup(status.getValue())
        .map(names -> names[0])
        .orElse(String.format("0x%08X", status.getValue()));
  }

  private static Throwable unwrap(Throwable e) {
    while ((e instanceof ExecutionException || e instanceof CompletionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  private static boolean has(Throwable e, Class<? extends Throwable> type) {
    return find(e, type) != null;
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  /** The server offers no endpoint of the configured security. */
  private static final class NoMatchingEndpoint extends Exception {
    NoMatchingEndpoint(String message) {
      super(message, null, false, false);
    }
  }

  /** Milo's trust list check, remembering the last certificate it refused and why. */
  private static final class TrustListValidator implements ClientCertificateValidator {
    private final ClientCertificateValidator delegate;
    volatile X509Certificate rejected;
    volatile StatusCode rejectedStatus;

    TrustListValidator(ClientCertificateValidator delegate) {
      this.delegate = delegate;
    }

    @Override
    public void validateCertificateChain(List<X509Certificate> chain) throws UaException {
      try {
        delegate.validateCertificateChain(chain);
      } catch (UaException e) {
        remember(chain, e);
        throw e;
      }
    }

    @Override
    public void validateCertificateChain(
        List<X509Certificate> chain, String applicationUri, String... validHostNames)
        throws UaException {
      try {
        delegate.validateCertificateChain(chain, applicationUri, validHostNames);
      } catch (UaException e) {
        remember(chain, e);
        throw e;
      }
    }

    private void remember(List<X509Certificate> chain, UaException e) {
      if (!chain.isEmpty()) {
        rejectedStatus = e.getStatusCode();
        rejected = chain.get(0);
      }
    }
  }
}
