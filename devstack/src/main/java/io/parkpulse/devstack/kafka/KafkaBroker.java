package io.parkpulse.devstack.kafka;

import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.TestDirs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one), run in this JVM.
 * Tests share one per JVM through {@link #shared()}; the demo runs one as its own process through
 * {@link #main(String[])}.
 */
public final class KafkaBroker implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static KafkaBroker shared;

  private final Path dataDir;
  private final int port;
  private final boolean deleteOnClose;
  private final KafkaConfig config;
  private final Sasl sasl;
  private KafkaRaftServer server;
  private boolean running;

  private KafkaBroker(
      Path dataDir, int port, int controllerPort, boolean deleteOnClose, Sasl sasl) {
    this.dataDir = dataDir;
    this.port = port;
    this.deleteOnClose = deleteOnClose;
    this.sasl = sasl;
    Properties props = config(dataDir, port, controllerPort, sasl);
    formatIfNew(dataDir, props);
    this.config = new KafkaConfig(props);
  }

  /**
   * Starts a broker that keeps its data in {@code dataDir} (formatted on first use) and waits until
   * it answers.
   *
   * @param deleteOnClose whether {@link #close()} deletes {@code dataDir}
   */
  public static KafkaBroker start(
      Path dataDir, int port, int controllerPort, boolean deleteOnClose) {
    KafkaBroker broker = new KafkaBroker(dataDir, port, controllerPort, deleteOnClose, null);
    broker.resume();
    return broker;
  }

  /**
   * A second listener that takes only clients authenticated with SASL PLAIN as one of {@code users}
   * (name to password), as a managed cluster would.
   */
  public record Sasl(int port, Map<String, String> users) {}

  /** As {@link #start}, with a SASL listener beside the plain one. */
  public static KafkaBroker startWithSasl(
      Path dataDir, int port, int controllerPort, Sasl sasl, boolean deleteOnClose) {
    KafkaBroker broker = new KafkaBroker(dataDir, port, controllerPort, deleteOnClose, sasl);
    broker.resume();
    return broker;
  }

  /** {@code host:port} of the SASL listener. */
  public String saslBootstrapServers() {
    return "127.0.0.1:" + sasl.port();
  }

  /**
   * Stops the broker but keeps its data and ports, so that tests can show what clients do while
   * Kafka is down; {@link #resume()} starts it again.
   */
  public synchronized void halt() {
    if (running) {
      server.shutdown();
      server.awaitShutdown();
      running = false;
    }
  }

  /** Starts the broker (again) on the same data and ports and waits until it answers. */
  public synchronized void resume() {
    if (!running) {
      server = new KafkaRaftServer(config, Time.SYSTEM);
      server.startup();
      running = true;
      awaitReady();
    }
  }

  /**
   * The broker shared by every test class of this JVM: started on first use on free ports in a
   * directory under the build's {@code target/}, stopped and deleted when the JVM exits.
   */
  public static synchronized KafkaBroker shared() {
    if (shared == null) {
      shared = start(TestDirs.create("kafka"), Ports.free(), Ports.free(), true);
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "kafka-broker-stop"));
    }
    return shared;
  }

  /** {@code host:port} for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** An admin client for this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  @Override
  public synchronized void close() {
    halt();
    if (deleteOnClose) {
      TestDirs.deleteRecursively(dataDir);
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try (Admin admin = admin()) {
      while (true) {
        try {
          admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
          admin.listTopics().names().get(5, TimeUnit.SECONDS);
          return;
        } catch (Exception e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "Kafka broker on " + bootstrapServers() + " did not become ready", e);
          }
        }
      }
    }
  }

  private static Properties config(Path dataDir, int port, int controllerPort, Sasl sasl) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    if (sasl != null) {
      p.put("listeners", p.get("listeners") + ",SASL_PLAINTEXT://127.0.0.1:" + sasl.port());
      p.put(
          "advertised.listeners",
          p.get("advertised.listeners") + ",SASL_PLAINTEXT://127.0.0.1:" + sasl.port());
      p.put(
          "listener.security.protocol.map",
          p.get("listener.security.protocol.map") + ",SASL_PLAINTEXT:SASL_PLAINTEXT");
      p.put("sasl.enabled.mechanisms", "PLAIN");
      StringBuilder jaas =
          new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
      sasl.users()
          .forEach(
              (user, password) ->
                  jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
      p.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.append(';').toString());
    }
    p.put("log.dirs", dataDir.toAbsolutePath().toString());
    // ParkPulse creates every topic it uses; a typo must not silently create a new one.
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    return p;
  }

  private static void formatIfNew(Path dataDir, Properties props) {
    if (Files.exists(dataDir.resolve("meta.properties"))) {
      return;
    }
    try {
      Files.createDirectories(dataDir);
      Path configFile = dataDir.resolveSibling(dataDir.getFileName() + ".format.properties");
      try (OutputStream out = Files.newOutputStream(configFile)) {
        props.store(out, "ParkPulse devstack broker");
      }
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      int rc =
          StorageTool.execute(
              new String[] {
                "format", "-t", Uuid.randomUuid().toString(), "-c", configFile.toString()
              },
              new PrintStream(output, true, StandardCharsets.UTF_8));
      Files.deleteIfExists(configFile);
      if (rc != 0) {
        throw new IllegalStateException(
            "formatting Kafka storage in " + dataDir + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Kafka storage in " + dataDir, e);
    }
  }

  /**
   * Runs a broker as its own process until it is terminated: {@code --port N --controller-port N
   * --data-dir DIR}. Prints one line starting with {@code READY} once it answers.
   */
  public static void main(String[] args) throws InterruptedException {
    Map<String, String> opts = Args.parse(args);
    int port = Integer.parseInt(opts.getOrDefault("port", "9092"));
    int controllerPort = Integer.parseInt(opts.getOrDefault("controller-port", "9093"));
    Path dataDir = Path.of(opts.getOrDefault("data-dir", ".parkpulse/kafka"));
    KafkaBroker broker = start(dataDir, port, controllerPort, false);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  broker.close();
                  stopped.countDown();
                },
                "kafka-broker-stop"));
    System.out.println("READY Kafka broker on " + broker.bootstrapServers());
    stopped.await();
  }

  /** {@code --name value} pairs. */
  static final class Args {
    static Map<String, String> parse(String[] args) {
      var map = new java.util.HashMap<String, String>();
      for (int i = 0; i + 1 < args.length; i += 2) {
        if (!args[i].startsWith("--")) {
          throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
        }
        map.put(args[i].substring(2), args[i + 1]);
      }
      return map;
    }
  }
}
