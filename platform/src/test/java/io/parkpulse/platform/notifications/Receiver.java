package io.parkpulse.platform.notifications;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local HTTP receiver for notifications: answers 200 with a robot's {@code {"errcode":0}}, or 500
 * on paths that start with {@code /fail}, or 400 on {@code /refuse}, and keeps every request.
 */
public final class Receiver implements AutoCloseable {

  /** A request as received. */
  public record Request(String path, String query, Map<String, List<String>> headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  public Receiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          String path = exchange.getRequestURI().getPath();
          requests.add(
              new Request(
                  path,
                  exchange.getRequestURI().getRawQuery(),
                  Map.copyOf(exchange.getRequestHeaders()),
                  body));
          int status = path.startsWith("/fail") ? 500 : path.startsWith("/refuse") ? 400 : 200;
          byte[] answer =
              (status == 200 ? "{\"errcode\":0,\"errmsg\":\"ok\"}" : "{\"error\":\"no\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** The requests received on {@code path}, in order. */
  public List<Request> on(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
