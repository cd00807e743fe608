package io.parkpulse.platform.access;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The address a request came from, as sign-in throttling counts it. Behind a reverse proxy or an
 * Ingress, set {@code quarkus.http.proxy.proxy-address-forwarding}, {@code allow-x-forwarded} and
 * {@code trusted-proxies} (the Helm chart does), so that this is the client's address from {@code
 * X-Forwarded-For} and not the proxy's; a header from an untrusted peer is ignored.
 */
public final class ClientAddress {

  private ClientAddress() {}

  /** The client's IP address, or {@code unknown} if the connection has none (a Unix socket). */
  public static String of(HttpServerRequest request) {
    SocketAddress remote = request.remoteAddress();
    if (remote == null) {
      return "unknown";
    }
    return remote.hostAddress() != null ? remote.hostAddress() : remote.host();
  }
}
