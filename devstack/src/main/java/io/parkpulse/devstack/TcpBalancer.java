package io.parkpulse.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP load balancer on this machine, as a Kubernetes Service or a cloud load balancer stands in
 * front of several gateways: each new connection goes to the next backend in turn that accepts it,
 * and bytes are copied both ways until either side closes. A backend that died refuses, so clients
 * that reconnect reach the others.
 */
public final class TcpBalancer implements AutoCloseable {

  private final ServerSocket server;
  private final List<Integer> backends;
  private final AtomicInteger next = new AtomicInteger();
  private final ExecutorService threads = Executors.newCachedThreadPool(TcpBalancer::daemon);

  /** Listens on {@code 127.0.0.1:port} for {@code 127.0.0.1:backends}. */
  public TcpBalancer(int port, List<Integer> backends) throws IOException {
    this.backends = List.copyOf(backends);
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress("127.0.0.1", port));
    threads.execute(this::accept);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        threads.execute(() -> connect(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void connect(Socket client) {
    for (int tried = 0; tried < backends.size(); tried++) {
      int port = backends.get(Math.floorMod(next.getAndIncrement(), backends.size()));
      Socket backend = new Socket();
      try {
        backend.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      } catch (IOException refused) {
        closeQuietly(backend);
        continue;
      }
      threads.execute(() -> copy(client, backend));
      copy(backend, client);
      return;
    }
    closeQuietly(client);
  }

  private static void copy(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side went away: close both below
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "tcp-balancer");
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }
}
