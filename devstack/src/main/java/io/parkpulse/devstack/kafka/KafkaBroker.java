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
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one), run in this JVM.
 * Tests share one per JVM through {@link #shared()}; the demo runs one as its own process through
 * {@link #main(String[])}.
 */
public final class KafkaBroker implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static KafkaBroker shared;

  private final Path dataDir;
  private final int port;
  private final boolean deleteOnClose;
  private static KafkaBroker sharedSecured;

  private final KafkaConfig config;
  private final Secured secured;
  private KafkaRaftServer server;
  private boolean running;

  private KafkaBroker(
      Path dataDir,
      int port,
      int controllerPort,
      boolean deleteOnClose,
      Secured secured,
      Node node) {
    this.dataDir = dataDir;
    this.port = port;
    this.deleteOnClose = deleteOnClose;
    this.secured = secured;
    Node where = node == null ? Node.single(controllerPort) : node;
    Properties props =
        secured == null
            ? config(dataDir, port, controllerPort, where)
            : securedConfig(dataDir, port, controllerPort, secured, where);
    formatIfNew(dataDir, props, where.clusterId());
    this.config = new KafkaConfig(props);
  }

  /**
   * Where a broker stands in its cluster: its node id, the controller quorum ({@code
   * id@host:port,...}), the cluster's id (the same on every node) and size. Every node is broker
   * and controller; a cluster of three or more keeps internal topics on three nodes and needs two
   * in sync for a write.
   */
  public record Node(int id, String voters, String clusterId, int clusterSize) {
    static Node single(int controllerPort) {
      return new Node(1, "1@127.0.0.1:" + controllerPort, Uuid.randomUuid().toString(), 1);
    }

    int replicationFactor() {
      return Math.min(3, clusterSize);
    }

    int minInSync() {
      return clusterSize >= 3 ? 2 : 1;
    }
  }

  /**
   * Starts a broker that keeps its data in {@code dataDir} (formatted on first use) and waits until
   * it answers.
   *
   * @param deleteOnClose whether {@link #close()} deletes {@code dataDir}
   */
  public static KafkaBroker start(
      Path dataDir, int port, int controllerPort, boolean deleteOnClose) {
    KafkaBroker broker = new KafkaBroker(dataDir, port, controllerPort, deleteOnClose, null, null);
    broker.resume();
    return broker;
  }

  /**
   * The passwords of the two principals the apps log in as: {@code platform}, a super user since it
   * manages the others' ACLs, and {@code gateway}, which may do only what the platform grants it.
   */
  public record Users(String platformPassword, String gatewayPassword) {
    /** Fresh random passwords. */
    public static Users random() {
      return new Users(randomSecret(), randomSecret());
    }
  }

  /**
   * The settings of a broker that authenticates every client: the users, the loopback listener the
   * broker itself (and {@link #admin()}) uses, and that listener's password, new at each start.
   */
  private record Secured(Users users, int internalPort, String brokerSecret) {}

  /**
   * Starts a broker as the bundled deployments run it: clients log in with SCRAM-SHA-512 on {@code
   * port} as {@code platform} or {@code gateway} (created or updated at every start), and the
   * standard authorizer allows nothing without an ACL except to the super users {@code platform}
   * and the broker itself, which talks to itself on {@code internalPort} and {@code
   * controllerPort}.
   */
  public static KafkaBroker startSecured(
      Path dataDir,
      int port,
      int controllerPort,
      int internalPort,
      Users users,
      boolean deleteOnClose) {
    KafkaBroker broker =
        new KafkaBroker(
            dataDir,
            port,
            controllerPort,
            deleteOnClose,
            new Secured(users, internalPort, randomSecret()),
            null);
    broker.resume();
    return broker;
  }

  /**
   * Starts one node of a secured cluster ({@link KafkaCluster}): as {@link #startSecured}, with the
   * broker's own password ({@code brokerSecret}) shared by the nodes, which use it to replicate.
   * Returns once this node answers, which needs a majority of the controllers up.
   */
  public static KafkaBroker startClusterNode(
      Path dataDir,
      int port,
      int controllerPort,
      int internalPort,
      Users users,
      String brokerSecret,
      Node node) {
    KafkaBroker broker =
        new KafkaBroker(
            dataDir,
            port,
            controllerPort,
            false,
            new Secured(users, internalPort, brokerSecret),
            node);
    broker.resume();
    return broker;
  }

  /**
   * The secured broker ({@link #startSecured}) shared by every test class of this JVM that runs the
   * apps as they are deployed, with random passwords; stopped and deleted when the JVM exits.
   */
  public static synchronized KafkaBroker sharedSecured() {
    if (sharedSecured == null) {
      sharedSecured =
          startSecured(
              TestDirs.create("sasl-kafka"),
              Ports.free(),
              Ports.free(),
              Ports.free(),
              Users.random(),
              true);
      Runtime.getRuntime().addShutdownHook(new Thread(sharedSecured::close, "kafka-broker-stop"));
    }
    return sharedSecured;
  }

  /**
   * The login of {@code user} ({@code platform} or {@code gateway}); on a broker without
   * authentication, anonymous.
   */
  public KafkaLogin login(String user) {
    if (secured == null) {
      return KafkaLogin.anonymous(bootstrapServers());
    }
    String password =
        switch (user) {
          case "platform" -> secured.users().platformPassword();
          case "gateway" -> secured.users().gatewayPassword();
          default -> throw new IllegalArgumentException("no such Kafka user: " + user);
        };
    return KafkaLogin.scram(bootstrapServers(), user, password);
  }

  /**
   * {@code settings} of a test's own Kafka client with the brokers added, logged in as the super
   * user {@code platform} on a secured broker.
   */
  public Map<String, Object> client(Map<String, Object> settings) {
    return login("platform").client(settings);
  }

  /** The platform's Kafka environment: its login and, on a secured broker, ACL management. */
  public Map<String, String> platformEnv() {
    return platformEnv(login("platform"));
  }

  /** The gateway's Kafka environment: its login. */
  public Map<String, String> gatewayEnv() {
    return login("gateway").appEnv("GATEWAY");
  }

  /**
   * The platform's Kafka environment for {@code login}: on a secured broker it grants the {@code
   * gateway} user its ACLs and issues park credentials.
   */
  public static Map<String, String> platformEnv(KafkaLogin login) {
    Map<String, String> env = new HashMap<>(login.appEnv("PLATFORM"));
    if (login.username().isPresent()) {
      env.put("PARKPULSE_PLATFORM_KAFKA_ACCESS_ENABLED", "true");
      env.put("PARKPULSE_PLATFORM_KAFKA_ACCESS_GATEWAY_USER", "gateway");
    }
    return env;
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
      if (secured != null) {
        upsertUsers();
      }
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

  /**
   * An admin client for this broker, the broker's own super user on a secured one; the caller
   * closes it.
   */
  public Admin admin() {
    if (secured == null) {
      return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            "127.0.0.1:" + secured.internalPort(),
            "security.protocol",
            "SASL_PLAINTEXT",
            "sasl.mechanism",
            "PLAIN",
            "sasl.jaas.config",
            plainLogin(secured.brokerSecret())));
  }

  /**
   * Creates the SCRAM credentials of {@code platform} and {@code gateway}, or sets their passwords,
   * and waits until the platform can log in with its own.
   */
  private void upsertUsers() {
    Users users = secured.users();
    try (Admin admin = admin()) {
      admin
          .alterUserScramCredentials(
              List.of(
                  scram("platform", users.platformPassword()),
                  scram("gateway", users.gatewayPassword())))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the Kafka users on " + bootstrapServers(), e);
    }
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try (Admin platform = Admin.create(client(Map.of()))) {
      while (true) {
        try {
          platform.describeCluster().nodes().get(5, TimeUnit.SECONDS);
          return;
        } catch (Exception e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "the platform's Kafka login on " + bootstrapServers() + " does not work", e);
          }
        }
      }
    }
  }

  private static UserScramCredentialUpsertion scram(String user, String password) {
    return new UserScramCredentialUpsertion(
        user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password);
  }

  private static String plainLogin(String secret) {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"broker\""
        + " password=\""
        + secret
        + "\";";
  }

  private static String randomSecret() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
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

  private static Properties config(Path dataDir, int port, int controllerPort, Node node) {
    Properties p = common(dataDir, node);
    p.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    return p;
  }

  /**
   * Clients on {@code CLIENT} with SCRAM-SHA-512; the broker to itself on {@code INTERNAL} and
   * {@code CONTROLLER} with PLAIN, as {@code broker}; the standard authorizer.
   */
  private static Properties securedConfig(
      Path dataDir, int port, int controllerPort, Secured secured, Node node) {
    Properties p = common(dataDir, node);
    p.put(
        "listeners",
        "CLIENT://127.0.0.1:"
            + port
            + ",INTERNAL://127.0.0.1:"
            + secured.internalPort()
            + ",CONTROLLER://127.0.0.1:"
            + controllerPort);
    p.put(
        "advertised.listeners",
        "CLIENT://127.0.0.1:" + port + ",INTERNAL://127.0.0.1:" + secured.internalPort());
    p.put(
        "listener.security.protocol.map",
        "CLIENT:SASL_PLAINTEXT,INTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
    p.put("inter.broker.listener.name", "INTERNAL");
    p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
    p.put("sasl.mechanism.controller.protocol", "PLAIN");
    p.put("listener.name.client.sasl.enabled.mechanisms", "SCRAM-SHA-512");
    p.put(
        "listener.name.client.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    String plain =
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"broker\""
            + " password=\""
            + secured.brokerSecret()
            + "\" user_broker=\""
            + secured.brokerSecret()
            + "\";";
    for (String listener : List.of("internal", "controller")) {
      p.put("listener.name." + listener + ".sasl.enabled.mechanisms", "PLAIN");
      p.put("listener.name." + listener + ".plain.sasl.jaas.config", plain);
    }
    p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    p.put("super.users", "User:broker;User:platform");
    p.put("allow.everyone.if.no.acl.found", "false");
    return p;
  }

  private static Properties common(Path dataDir, Node node) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(node.id()));
    p.put("controller.quorum.voters", node.voters());
    p.put("controller.listener.names", "CONTROLLER");
    p.put("log.dirs", dataDir.toAbsolutePath().toString());
    // ParkPulse creates every topic it uses; a typo must not silently create a new one.
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    String replicas = Integer.toString(node.replicationFactor());
    String inSync = Integer.toString(node.minInSync());
    p.put("default.replication.factor", replicas);
    p.put("min.insync.replicas", inSync);
    p.put("offsets.topic.replication.factor", replicas);
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", replicas);
    p.put("transaction.state.log.min.isr", inSync);
    p.put("share.coordinator.state.topic.replication.factor", replicas);
    p.put("share.coordinator.state.topic.min.isr", inSync);
    p.put("group.initial.rebalance.delay.ms", "0");
    return p;
  }

  private static void formatIfNew(Path dataDir, Properties props, String clusterId) {
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
              new String[] {"format", "-t", clusterId, "-c", configFile.toString()},
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
   * --data-dir DIR}, and for a secured broker ({@link #startSecured}) {@code --internal-port N}
   * with the passwords in the environment variables {@code PARKPULSE_KAFKA_PLATFORM_PASSWORD} and
   * {@code PARKPULSE_KAFKA_GATEWAY_PASSWORD}; for a node of a cluster ({@link #startClusterNode})
   * also {@code --node-id N --voters V --cluster-id ID --cluster-size N} and the broker's password
   * in {@code PARKPULSE_KAFKA_BROKER_SECRET}. Prints one line starting with {@code READY} once it
   * answers.
   */
  public static void main(String[] args) throws InterruptedException {
    Map<String, String> opts = Args.parse(args);
    int port = Integer.parseInt(opts.getOrDefault("port", "9092"));
    int controllerPort = Integer.parseInt(opts.getOrDefault("controller-port", "9093"));
    Path dataDir = Path.of(opts.getOrDefault("data-dir", ".parkpulse/kafka"));
    String platformPassword = System.getenv("PARKPULSE_KAFKA_PLATFORM_PASSWORD");
    int internalPort = Integer.parseInt(opts.getOrDefault("internal-port", "9094"));
    Users users = new Users(platformPassword, System.getenv("PARKPULSE_KAFKA_GATEWAY_PASSWORD"));
    KafkaBroker broker;
    if (opts.containsKey("node-id")) {
      broker =
          startClusterNode(
              dataDir,
              port,
              controllerPort,
              internalPort,
              users,
              System.getenv("PARKPULSE_KAFKA_BROKER_SECRET"),
              new Node(
                  Integer.parseInt(opts.get("node-id")),
                  opts.get("voters"),
                  opts.get("cluster-id"),
                  Integer.parseInt(opts.get("cluster-size"))));
    } else if (platformPassword == null) {
      broker = start(dataDir, port, controllerPort, false);
    } else {
      broker = startSecured(dataDir, port, controllerPort, internalPort, users, false);
    }
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
