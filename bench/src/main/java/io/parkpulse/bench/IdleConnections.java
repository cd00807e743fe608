package io.parkpulse.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.parkpulse.bench.LoadRun.Login;
import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.TestDirs;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory per idle authenticated MQTT connection: the gateway (its own JVM, as {@link Apps} starts
 * it) against Mosquitto on the same machine. Opens N connections with raw Netty (one event loop for
 * all, not a client with threads per connection), each CONNACK-accepted and then idle (keep alive
 * {@value #KEEP_ALIVE_SECONDS} s), and compares the server's memory before and after: the gateway's
 * heap in use after a full GC ({@code jcmd GC.run}, {@code GC.heap_info}) and, for both, the
 * resident set ({@code VmRSS}). For the gateway it also writes the class histogram growth per
 * connection, which shows where the bytes go, and with {@code nmt} the growth of the JVM's native
 * memory by category (Native Memory Tracking, which costs a little memory of its own: profile with
 * it, measure without).
 *
 * <p>Usage: {@code bench/idle.sh [connections] [gateway,mosquitto] [nmt]}.
 */
public final class IdleConnections {

  private static final String PARK = "bench";
  private static final int KEEP_ALIVE_SECONDS = 1200;
  private static final int CONCURRENT_CONNECTS = 200;

  /** Source addresses the connections are spread over (each has its own ephemeral ports). */
  private static final int SOURCE_ADDRESSES = 8;

  private static final Pattern HEAP = Pattern.compile("\\btotal (\\d+)K, used (\\d+)K");
  private static final Pattern NMT_CATEGORY =
      Pattern.compile("^-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)");
  private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
  private static final Pattern HISTOGRAM_LINE =
      Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+.*)$");

  private IdleConnections() {}

  public static void main(String[] args) throws Exception {
    int connections = Integer.parseInt(arg(args, 0, "10000"));
    String targets = arg(args, 1, "gateway,mosquitto");
    boolean nmt = arg(args, 2, "").equals("nmt");
    Path home = Path.of(System.getProperty("parkpulse.home", ".")).toAbsolutePath();
    System.setProperty("parkpulse.test.dir", home.resolve("bench/target").toString());
    Path work = TestDirs.create("idle-bench");
    Apps apps = new Apps(work);
    List<String> report = new ArrayList<>();
    report.add(
        "machine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores; "
            + connections
            + " idle connections, MQTT 3.1.1, keep alive "
            + KEEP_ALIVE_SECONDS
            + " s");
    if (targets.contains("gateway")) {
      report.addAll(benchGateway(home, apps, work, connections, nmt));
    }
    if (targets.contains("mosquitto")) {
      report.addAll(benchMosquitto(apps, work, connections));
    }
    report.forEach(System.out::println);
    Files.write(work.resolve("result.txt"), report);
    System.out.println("output in " + work);
  }

  private static List<String> benchGateway(
      Path home, Apps apps, Path work, int connections, boolean nmt) throws Exception {
    int kafkaPort = Ports.free();
    try (ManagedProcess kafka =
        apps.kafka(kafkaPort, Ports.free(), work.resolve("kafka"), "-Xmx1g")) {
      String bootstrap = "127.0.0.1:" + kafkaPort;
      List<Login> all = BenchDevices.provision(bootstrap, PARK, connections + warmUp(connections));
      List<Login> logins = all.subList(0, connections);
      int httpPort = Ports.free();
      int mqttPort = Ports.free();
      Path jar = home.resolve("gateway/target/quarkus-app/quarkus-run.jar");
      Map<String, String> env =
          nmt ? Map.of("JAVA_TOOL_OPTIONS", "-XX:NativeMemoryTracking=summary") : Map.of();
      try (ManagedProcess gateway = apps.gateway(jar, httpPort, mqttPort, bootstrap, env)) {
        gateway.awaitHttpOk(Apps.readyUrl(httpPort), Duration.ofMinutes(2));
        long pid = gateway.pid();
        warmUp(mqttPort, all.subList(connections, all.size()));
        long[] heapBefore = heapAfterFullGc(pid);
        long rssBefore = rss(pid);
        Map<String, long[]> histogramBefore = classHistogram(pid);
        Map<String, Long> nativeBefore = nmt ? nativeMemory(pid) : Map.of();
        long rssAfter;
        long[] heapAfter;
        Map<String, long[]> histogramAfter;
        Map<String, Long> nativeAfter;
        try (Clients clients = Clients.open(mqttPort, logins)) {
          clients.requireAllAccepted();
          settle();
          heapAfter = heapAfterFullGc(pid);
          rssAfter = rss(pid);
          histogramAfter = classHistogram(pid);
          nativeAfter = nmt ? nativeMemory(pid) : Map.of();
          clients.requireAllOpen();
        }
        List<String> lines = new ArrayList<>();
        lines.add(
            "gateway ("
                + jar.getFileName()
                + ", "
                + String.join(" ", Apps.GATEWAY_JVM_OPTIONS)
                + " as Apps starts it"
                + (nmt ? ", with Native Memory Tracking" : "")
                + "):");
        lines.add(memoryLine("heap used after full GC", heapBefore[1], heapAfter[1], connections));
        lines.add(memoryLine("heap committed", heapBefore[0], heapAfter[0], connections));
        lines.add(memoryLine("RSS", rssBefore, rssAfter, connections));
        if (nmt) {
          lines.add("  native memory growth by category (NMT committed), bytes per connection:");
          nativeAfter.entrySet().stream()
              .map(
                  e ->
                      Map.entry(
                          e.getKey(), e.getValue() - nativeBefore.getOrDefault(e.getKey(), 0L)))
              .filter(e -> e.getValue() != 0)
              .sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
              .forEach(
                  e ->
                      lines.add(
                          String.format(
                              "    %,10.1f B  %s",
                              (double) e.getValue() / connections, e.getKey())));
        }
        lines.add("  heap growth by class, bytes per connection (top 40):");
        lines.addAll(histogramGrowth(histogramBefore, histogramAfter, connections, 40));
        return lines;
      }
    }
  }

  private static List<String> benchMosquitto(Apps apps, Path work, int connections)
      throws Exception {
    int port = Ports.free();
    List<Login> all = BenchDevices.anonymousLogins(connections + warmUp(connections));
    List<Login> logins = all.subList(0, connections);
    try (ManagedProcess mosquitto = BenchDevices.startMosquitto(apps, work, port)) {
      long pid = mosquitto.pid();
      warmUp(port, all.subList(connections, all.size()));
      long rssBefore = rss(pid);
      long rssAfter;
      try (Clients clients = Clients.open(port, logins)) {
        clients.requireAllAccepted();
        settle();
        rssAfter = rss(pid);
        clients.requireAllOpen();
      }
      return List.of(
          "mosquitto (" + version() + ", anonymous, persistence false):",
          memoryLine("RSS", rssBefore, rssAfter, connections));
    }
  }

  /** Connections opened and closed before the first reading: a tenth of those measured. */
  private static int warmUp(int connections) {
    return Math.max(1, connections / 10);
  }

  /**
   * Opens and closes connections of other devices before the first reading, so that what every
   * later connection shares is not counted per connection: loaded classes, the JIT-compiled code of
   * the login path, the threads and buffers the server starts on its first logins.
   */
  private static void warmUp(int port, List<Login> logins) throws Exception {
    try (Clients warmUp = Clients.open(port, logins)) {
      warmUp.requireAllAccepted();
    }
    settle();
  }

  private static void settle() throws InterruptedException {
    // Lets the servers finish what the connects started (logging, session bookkeeping).
    Thread.sleep(Duration.ofSeconds(5).toMillis());
  }

  private static String memoryLine(String what, long before, long after, int connections) {
    return String.format(
        "  %-24s before %,12d B  after %,12d B  per connection %,8d B",
        what, before, after, (after - before) / connections);
  }

  /** The heap committed and in use after a full collection, in bytes. */
  static long[] heapAfterFullGc(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    jcmd(pid, "GC.run");
    String info = jcmd(pid, "GC.heap_info");
    Matcher m = HEAP.matcher(info);
    if (!m.find()) {
      throw new IllegalStateException("no heap usage in: " + info);
    }
    return new long[] {Long.parseLong(m.group(1)) * 1024, Long.parseLong(m.group(2)) * 1024};
  }

  /** Committed native memory by NMT category, in bytes. */
  static Map<String, Long> nativeMemory(long pid) throws IOException, InterruptedException {
    Map<String, Long> categories = new HashMap<>();
    for (String line : jcmd(pid, "VM.native_memory summary").split("\n")) {
      Matcher m = NMT_CATEGORY.matcher(line);
      if (m.find()) {
        categories.put(m.group(1).trim(), Long.parseLong(m.group(2)) * 1024);
      }
    }
    return categories;
  }

  /** Instances and bytes per class, after a full collection. */
  static Map<String, long[]> classHistogram(long pid) throws IOException, InterruptedException {
    Map<String, long[]> histogram = new HashMap<>();
    for (String line : jcmd(pid, "GC.class_histogram").split("\n")) {
      Matcher m = HISTOGRAM_LINE.matcher(line);
      if (m.matches()) {
        histogram.put(
            m.group(3).trim(), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
      }
    }
    return histogram;
  }

  private static List<String> histogramGrowth(
      Map<String, long[]> before, Map<String, long[]> after, int connections, int top) {
    long[] none = {0, 0};
    return after.entrySet().stream()
        .map(
            e -> {
              long[] b = before.getOrDefault(e.getKey(), none);
              return Map.entry(
                  e.getKey(), new long[] {e.getValue()[0] - b[0], e.getValue()[1] - b[1]});
            })
        .sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]))
        .limit(top)
        .map(
            e ->
                String.format(
                    "    %,8.1f B  %6.2f instances  %s",
                    (double) e.getValue()[1] / connections,
                    (double) e.getValue()[0] / connections,
                    e.getKey()))
        .toList();
  }

  /** Resident set size of a process, in bytes. */
  static long rss(long pid) throws IOException {
    Matcher m = VM_RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    if (!m.find()) {
      throw new IllegalStateException("no VmRSS for pid " + pid);
    }
    return Long.parseLong(m.group(1)) * 1024;
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid),
                command)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
    }
    return out;
  }

  private static String version() {
    try {
      Process p = new ProcessBuilder("mosquitto", "-h").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return out.lines().findFirst().orElse("mosquitto").replace("mosquitto version", "").trim();
    } catch (IOException e) {
      return "version unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "version unknown";
    }
  }

  private static String arg(String[] args, int index, String fallback) {
    return args.length > index && !args[index].isBlank() ? args[index] : fallback;
  }

  /**
   * N MQTT connections on one event loop, each sending CONNECT and then nothing. The connects run
   * {@value #CONCURRENT_CONNECTS} at a time, so that neither side's accept queue overflows.
   */
  static final class Clients implements AutoCloseable {

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final List<Channel> channels = new ArrayList<>();
    private final Map<MqttConnectReturnCode, AtomicLong> refused = new ConcurrentHashMap<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final int expected;

    private Clients(int expected) {
      this.expected = expected;
    }

    static Clients open(int port, List<Login> logins) throws InterruptedException {
      Clients clients = new Clients(logins.size());
      try {
        clients.connectAll(port, logins);
      } catch (RuntimeException | InterruptedException e) {
        clients.close();
        throw e;
      }
      return clients;
    }

    private void connectAll(int port, List<Login> logins) throws InterruptedException {
      Semaphore permits = new Semaphore(CONCURRENT_CONNECTS);
      InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
      long started = System.nanoTime();
      for (int i = 0; i < logins.size(); i++) {
        permits.acquire();
        Login login = logins.get(i);
        CompletableFuture<Void> done = new CompletableFuture<>();
        done.whenComplete((ok, e) -> permits.release());
        Bootstrap bootstrap =
            new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .handler(
                    new ChannelInitializer<SocketChannel>() {
                      @Override
                      protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                            .addLast(MqttEncoder.INSTANCE, new MqttDecoder(), new ConnAck(done));
                      }
                    });
        InetSocketAddress source =
            new InetSocketAddress("127.0.0." + (2 + i % SOURCE_ADDRESSES), 0);
        ChannelFuture connect = bootstrap.connect(server, source);
        synchronized (channels) {
          channels.add(connect.channel());
        }
        connect.addListener(
            f -> {
              if (f.isSuccess()) {
                connect
                    .channel()
                    .writeAndFlush(
                        MqttMessageBuilders.connect()
                            .protocolVersion(MqttVersion.MQTT_3_1_1)
                            .clientId(login.username())
                            .cleanSession(true)
                            .keepAlive(KEEP_ALIVE_SECONDS)
                            .username(login.username())
                            .password(login.password().getBytes(StandardCharsets.UTF_8))
                            .hasPassword(!login.password().isEmpty())
                            .build());
              } else {
                failed.incrementAndGet();
                done.complete(null);
              }
            });
      }
      permits.acquire(CONCURRENT_CONNECTS);
      permits.release(CONCURRENT_CONNECTS);
      System.out.printf(
          "%,d connects in %.1f s: %,d accepted, %,d refused %s, %,d failed%n",
          logins.size(),
          (System.nanoTime() - started) / 1e9,
          accepted.get(),
          refused.values().stream().mapToLong(AtomicLong::get).sum(),
          refused,
          failed.get());
    }

    void requireAllAccepted() {
      if (accepted.get() != expected) {
        throw new IllegalStateException(
            accepted.get()
                + " of "
                + expected
                + " connections accepted; refused "
                + refused
                + ", failed "
                + failed.get());
      }
    }

    void requireAllOpen() {
      long open;
      synchronized (channels) {
        open = channels.stream().filter(Channel::isActive).count();
      }
      if (open != expected) {
        throw new IllegalStateException(
            "only " + open + " of " + expected + " connections still open at the measurement");
      }
    }

    @Override
    public void close() {
      group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Counts the CONNACK (or the connection's end without one) and completes {@code done}. */
    private final class ConnAck extends SimpleChannelInboundHandler<MqttMessage> {
      private final CompletableFuture<Void> done;

      ConnAck(CompletableFuture<Void> done) {
        this.done = done;
      }

      @Override
      protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
        if (msg instanceof MqttConnAckMessage ack) {
          MqttConnectReturnCode code = ack.variableHeader().connectReturnCode();
          if (code == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
            accepted.incrementAndGet();
          } else {
            refused.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
          }
          done.complete(null);
        }
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        if (!done.isDone()) {
          failed.incrementAndGet();
          done.complete(null);
        }
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!done.isDone()) {
          failed.incrementAndGet();
          done.complete(null);
        }
        ctx.close();
      }
    }
  }
}
