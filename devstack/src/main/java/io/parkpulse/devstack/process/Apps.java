package io.parkpulse.devstack.process;

import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.devstack.postgres.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the platform and the gateway from their build output as child processes, configured
 * through their environment variables. The demo and the system tests both start them here.
 *
 * @param workDir where the pid files ({@code run/}) and logs ({@code logs/}) go
 */
public record Apps(Path workDir) {

  /**
   * The gateway's JVM options, as the container image and the Helm chart set them too: a bounded
   * heap that G1 shrinks back after a burst (at most 20% free after a collection), so the process's
   * memory follows the connections it holds rather than its busiest minute (docs/benchmarks.md,
   * memory per idle connection).
   */
  public static final List<String> GATEWAY_JVM_OPTIONS =
      List.of("-Xmx384m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20");

  /**
   * Starts the platform from {@code jar} ({@code platform/target/quarkus-app/quarkus-run.jar}).
   *
   * @param adminPassword password of the platform admin {@code admin}, created if the database has
   *     no user yet
   */
  public ManagedProcess platform(
      Path jar, int httpPort, String kafkaBootstrap, Database db, String adminPassword) {
    return platform(jar, httpPort, kafkaBootstrap, db, adminPassword, Map.of());
  }

  /** As {@link #platform(Path, int, String, Database, String)}, with {@code env} added. */
  public ManagedProcess platform(
      Path jar,
      int httpPort,
      String kafkaBootstrap,
      Database db,
      String adminPassword,
      Map<String, String> env) {
    Map<String, String> all =
        new HashMap<>(
            Map.of(
                "QUARKUS_HTTP_PORT", Integer.toString(httpPort),
                "PARKPULSE_PLATFORM_KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap,
                "PARKPULSE_PLATFORM_AUTH_ADMIN_PASSWORD", adminPassword,
                "PARKPULSE_DB_URL", db.jdbcUrl(),
                "PARKPULSE_DB_REACTIVE_URL", db.reactiveUrl(),
                "PARKPULSE_DB_USER", db.user(),
                "PARKPULSE_DB_PASSWORD", db.password()));
    all.putAll(env);
    return start("platform", jar, "-Xmx512m", all);
  }

  /**
   * As {@link #platform(Path, int, String, Database, String, Map)} on {@code kafka}, logged in as
   * its {@code platform} user when it is secured.
   */
  public ManagedProcess platform(
      Path jar,
      int httpPort,
      KafkaBroker kafka,
      Database db,
      String adminPassword,
      Map<String, String> env) {
    Map<String, String> all = new HashMap<>(kafka.platformEnv());
    all.putAll(env);
    return platform(jar, httpPort, kafka.bootstrapServers(), db, adminPassword, all);
  }

  /** As {@link #platform(Path, int, KafkaBroker, Database, String, Map)} without more settings. */
  public ManagedProcess platform(
      Path jar, int httpPort, KafkaBroker kafka, Database db, String adminPassword) {
    return platform(jar, httpPort, kafka, db, adminPassword, Map.of());
  }

  /**
   * Starts the gateway from {@code jar} ({@code gateway/target/quarkus-app/quarkus-run.jar}). It
   * admits the devices of the registry topic, and sends each device's telemetry to its park.
   */
  public ManagedProcess gateway(Path jar, int httpPort, int mqttPort, String kafkaBootstrap) {
    return gateway(jar, httpPort, mqttPort, kafkaBootstrap, Map.of());
  }

  /** As {@link #gateway(Path, int, int, String)}, with {@code env} added. */
  public ManagedProcess gateway(
      Path jar, int httpPort, int mqttPort, String kafkaBootstrap, Map<String, String> env) {
    Map<String, String> all =
        new HashMap<>(
            Map.of(
                "QUARKUS_HTTP_PORT", Integer.toString(httpPort),
                "PARKPULSE_GATEWAY_MQTT_PORT", Integer.toString(mqttPort),
                "PARKPULSE_GATEWAY_KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap));
    all.putAll(env);
    return start("gateway", jar, GATEWAY_JVM_OPTIONS, all);
  }

  /**
   * As {@link #gateway(Path, int, int, String, Map)} on {@code kafka}, logged in as its {@code
   * gateway} user when it is secured.
   */
  public ManagedProcess gateway(
      Path jar, int httpPort, int mqttPort, KafkaBroker kafka, Map<String, String> env) {
    Map<String, String> all = new HashMap<>(kafka.gatewayEnv());
    all.putAll(env);
    return gateway(jar, httpPort, mqttPort, kafka.bootstrapServers(), all);
  }

  /** As {@link #gateway(Path, int, int, KafkaBroker, Map)} without more settings. */
  public ManagedProcess gateway(Path jar, int httpPort, int mqttPort, KafkaBroker kafka) {
    return gateway(jar, httpPort, mqttPort, kafka, Map.of());
  }

  /**
   * Starts a Kafka broker (KRaft, one node) as its own JVM from this JVM's class path, keeping its
   * log in {@code dataDir}, and waits until it takes clients.
   */
  public ManagedProcess kafka(int port, int controllerPort, Path dataDir, String maxHeap) {
    return kafka(
        List.of(
            "--port",
            Integer.toString(port),
            "--controller-port",
            Integer.toString(controllerPort),
            "--data-dir",
            dataDir.toString()),
        maxHeap,
        Map.of());
  }

  /**
   * As {@link #kafka(int, int, Path, String)}, secured as the bundled deployments run it: clients
   * log in with SCRAM as {@code platform} or {@code gateway} with {@code users}' passwords, and the
   * broker talks to itself on {@code internalPort}.
   */
  public ManagedProcess kafka(
      int port,
      int controllerPort,
      int internalPort,
      Path dataDir,
      KafkaBroker.Users users,
      String maxHeap) {
    return kafka(
        List.of(
            "--port",
            Integer.toString(port),
            "--controller-port",
            Integer.toString(controllerPort),
            "--internal-port",
            Integer.toString(internalPort),
            "--data-dir",
            dataDir.toString()),
        maxHeap,
        Map.of(
            "PARKPULSE_KAFKA_PLATFORM_PASSWORD", users.platformPassword(),
            "PARKPULSE_KAFKA_GATEWAY_PASSWORD", users.gatewayPassword()));
  }

  /**
   * Starts a Kafka broker program ({@code KafkaBroker.main}) under the process name {@code name}
   * with {@code args} and {@code env}, without waiting for it.
   */
  public ManagedProcess kafkaProcess(
      String name, List<String> args, String maxHeap, Map<String, String> env) {
    List<String> program = new ArrayList<>(List.of("io.parkpulse.devstack.kafka.KafkaBroker"));
    program.addAll(args);
    return start(
        name,
        ManagedProcess.javaCommand(
            List.of(maxHeap, "-cp", System.getProperty("java.class.path")),
            program.toArray(String[]::new)),
        env);
  }

  private ManagedProcess kafka(List<String> args, String maxHeap, Map<String, String> env) {
    ManagedProcess kafka = kafkaProcess("kafka", args, maxHeap, env);
    kafka.awaitLogLine("READY", Duration.ofMinutes(2));
    return kafka;
  }

  /** The readiness URL of an app whose HTTP port is {@code httpPort}. */
  public static String readyUrl(int httpPort) {
    return "http://127.0.0.1:" + httpPort + "/q/health/ready";
  }

  /** Starts any Java program of the stack with the standard pid and log files. */
  /**
   * Starts Mosquitto (the Debian package's {@code mosquitto}) on {@code 127.0.0.1:port}, taking
   * anonymous clients and keeping sessions and queued messages in {@code dataDir} across restarts,
   * and waits until it runs.
   */
  public ManagedProcess mosquitto(int port, Path dataDir) {
    return mosquitto(port, dataDir, List.of());
  }

  /** As {@link #mosquitto(int, Path)}, with {@code listenerLines} added to its listener (TLS). */
  public ManagedProcess mosquitto(int port, Path dataDir, List<String> listenerLines) {
    Path conf = dataDir.resolve("mosquitto.conf");
    try {
      Files.createDirectories(dataDir);
      Files.writeString(
          conf,
          String.join(
              "\n",
              "listener " + port + " 127.0.0.1",
              String.join("\n", listenerLines),
              "allow_anonymous true",
              // Run as root, Mosquitto would switch to its own user and could not save here.
              "user " + System.getProperty("user.name"),
              "max_queued_messages 100000",
              "persistence true",
              "persistence_location " + dataDir + "/",
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + conf, e);
    }
    ManagedProcess mosquitto =
        start("mosquitto", List.of("mosquitto", "-c", conf.toString()), Map.of());
    mosquitto.awaitLogLine("running", Duration.ofSeconds(30));
    return mosquitto;
  }

  public ManagedProcess start(String name, List<String> command, Map<String, String> env) {
    return ManagedProcess.start(
        name, command, env, workDir.resolve("run"), workDir.resolve("logs").resolve(name + ".log"));
  }

  private ManagedProcess start(String name, Path jar, String maxHeap, Map<String, String> env) {
    return start(name, jar, List.of(maxHeap), env);
  }

  private ManagedProcess start(
      String name, Path jar, List<String> jvmOptions, Map<String, String> env) {
    if (!jar.toFile().isFile()) {
      throw new IllegalStateException(jar + " is missing: build with ./parkpulse build");
    }
    return start(name, ManagedProcess.javaCommand(jvmOptions, "-jar", jar.toString()), env);
  }
}
