package io.parkpulse.devstack.kafka;

import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/**
 * A secured Kafka cluster of several nodes on this machine, each broker and controller in a process
 * of its own, so that a test can kill one ({@code kill -9}), restart it, or restart them one after
 * another. Clients log in as {@link KafkaBroker#startSecured} describes; internal topics have three
 * replicas and need two in sync.
 */
public final class KafkaCluster implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

  private final Apps apps;
  private final List<Member> members;
  private final KafkaBroker.Users users;
  private final String brokerSecret;
  private final String clusterId;
  private final String voters;
  private final ManagedProcess[] processes;

  /** One node: its ports and its data. */
  private record Member(int id, int port, int controllerPort, int internalPort, Path dataDir) {}

  private KafkaCluster(Apps apps, List<Member> members, KafkaBroker.Users users) {
    this.apps = apps;
    this.members = members;
    this.users = users;
    byte[] secret = new byte[24];
    new java.security.SecureRandom().nextBytes(secret);
    this.brokerSecret = HexFormat.of().formatHex(secret);
    this.clusterId = Uuid.randomUuid().toString();
    this.voters =
        members.stream()
            .map(m -> m.id() + "@127.0.0.1:" + m.controllerPort())
            .collect(Collectors.joining(","));
    this.processes = new ManagedProcess[members.size()];
  }

  /** Starts {@code size} nodes on free ports, their data under {@code dir}, and waits for all. */
  public static KafkaCluster start(Apps apps, Path dir, int size, KafkaBroker.Users users) {
    List<Member> members = new ArrayList<>();
    for (int id = 1; id <= size; id++) {
      members.add(
          new Member(id, Ports.free(), Ports.free(), Ports.free(), dir.resolve("kafka-" + id)));
    }
    KafkaCluster cluster = new KafkaCluster(apps, members, users);
    try {
      // All at once: a node answers only once a majority of the controllers is up.
      for (Member m : members) {
        cluster.launch(m);
      }
      for (Member m : members) {
        cluster.processes[m.id() - 1].awaitLogLine("READY", READY_TIMEOUT);
      }
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** {@code host:port,...} of every node's client listener. */
  public String bootstrapServers() {
    return members.stream().map(m -> "127.0.0.1:" + m.port()).collect(Collectors.joining(","));
  }

  /** The SCRAM login of {@code platform} or {@code gateway}. */
  public KafkaLogin login(String user) {
    String password =
        switch (user) {
          case "platform" -> users.platformPassword();
          case "gateway" -> users.gatewayPassword();
          default -> throw new IllegalArgumentException("no such Kafka user: " + user);
        };
    return KafkaLogin.scram(bootstrapServers(), user, password);
  }

  /** The platform's environment on this cluster: its login, ACLs, three replicas, two in sync. */
  public Map<String, String> platformEnv() {
    Map<String, String> env = new HashMap<>(KafkaBroker.platformEnv(login("platform")));
    env.put("PARKPULSE_PLATFORM_KAFKA_REPLICATION_FACTOR", Integer.toString(replicas()));
    env.put(
        "PARKPULSE_PLATFORM_KAFKA_MIN_INSYNC_REPLICAS",
        Integer.toString(members.size() >= 3 ? 2 : 1));
    return env;
  }

  /** The gateway's environment on this cluster. */
  public Map<String, String> gatewayEnv() {
    return login("gateway").appEnv("GATEWAY");
  }

  /** Kills node {@code id} (1-based) at once, as a crash would. */
  public void kill(int id) {
    processes[id - 1].kill();
  }

  /** Stops node {@code id} cleanly (SIGTERM): it hands over its partitions' leadership. */
  public void stop(int id) {
    processes[id - 1].close();
  }

  /** Starts node {@code id} again on its data and ports, and waits until it answers. */
  public void restart(int id) {
    Member m = members.get(id - 1);
    launch(m);
    processes[id - 1].awaitLogLine("READY", READY_TIMEOUT);
  }

  private int replicas() {
    return Math.min(3, members.size());
  }

  private void launch(Member m) {
    processes[m.id() - 1] =
        apps.kafkaProcess(
            "kafka-" + m.id(),
            List.of(
                "--node-id", Integer.toString(m.id()),
                "--voters", voters,
                "--cluster-id", clusterId,
                "--cluster-size", Integer.toString(members.size()),
                "--port", Integer.toString(m.port()),
                "--controller-port", Integer.toString(m.controllerPort()),
                "--internal-port", Integer.toString(m.internalPort()),
                "--data-dir", m.dataDir().toString()),
            "-Xmx384m",
            Map.of(
                "PARKPULSE_KAFKA_PLATFORM_PASSWORD", users.platformPassword(),
                "PARKPULSE_KAFKA_GATEWAY_PASSWORD", users.gatewayPassword(),
                "PARKPULSE_KAFKA_BROKER_SECRET", brokerSecret));
  }

  @Override
  public void close() {
    for (ManagedProcess p : processes) {
      if (p != null) {
        p.close();
      }
    }
  }
}
