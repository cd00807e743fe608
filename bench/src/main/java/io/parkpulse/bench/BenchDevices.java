package io.parkpulse.bench;

import io.parkpulse.bench.LoadRun.Login;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import io.parkpulse.devstack.registry.Registrar;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.RegistryEntry;
import io.parkpulse.model.SecretHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** What the gateway benchmarks set up: the park's topics and registered devices, and Mosquitto. */
final class BenchDevices {

  private BenchDevices() {}

  /**
   * Starts Debian's Mosquitto on {@code port} as the gateway benchmarks compare with it: anonymous
   * clients (that still give a username), no persistence, queues deep enough not to drop.
   */
  static ManagedProcess startMosquitto(Apps apps, Path work, int port) throws Exception {
    Path conf = work.resolve("mosquitto.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "listener " + port + " 127.0.0.1",
            "allow_anonymous true",
            "max_inflight_messages 1000",
            "max_queued_messages 1000000",
            "persistence false",
            ""));
    ManagedProcess mosquitto =
        apps.start("mosquitto", List.of("mosquitto", "-c", conf.toString()), Map.of());
    mosquitto.awaitLogLine("running", Duration.ofSeconds(30));
    return mosquitto;
  }

  /** Logins of {@code count} clients for Mosquitto: the gateway's usernames, no password. */
  static List<Login> anonymousLogins(int count) {
    List<Login> logins = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      logins.add(new Login(String.format("dev-%05d@bench", i), ""));
    }
    return logins;
  }

  /**
   * Creates the topics of {@code park} and the registry, then registers {@code count} devices of
   * the enterprise {@code bench} (secrets hashed cheaply: the benchmarks measure MQTT, not PBKDF2)
   * and returns their logins.
   */
  static List<Login> provision(String bootstrap, String park, int count) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      List<NewTopic> topics = new ArrayList<>();
      for (ParkTopic.Kind kind : ParkTopic.Kind.values()) {
        topics.add(new NewTopic(new ParkTopic("parkpulse", park, kind).name(), 3, (short) 1));
      }
      topics.add(new NewTopic(ParkTopic.registry("parkpulse"), 1, (short) 1));
      topics.add(new NewTopic(ParkTopic.deadLetter("parkpulse"), 1, (short) 1));
      admin.createTopics(topics).all().get();
    }
    List<Login> logins = new ArrayList<>();
    try (Registrar registrar = new Registrar(bootstrap, "parkpulse")) {
      for (int i = 0; i < count; i++) {
        DeviceRef device = new DeviceRef("bench", String.format("dev-%05d", i));
        String secret = "secret-" + i;
        registrar.write(
            new RegistryEntry(device, park, true, SecretHash.hash(secret, 1_000), List.of()));
        logins.add(new Login(device.username(), secret));
      }
    }
    return logins;
  }
}
