package io.parkpulse.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code helm/parkpulse/files/kafka-start.sh}, the start script of the Kafka that
 * docker-compose.yml and the Helm chart run, against a real broker. The apache/kafka image's {@code
 * bin/} scripts are stood in for by ones that run the same Kafka main classes (storage tool,
 * broker, config command) from this JVM's class path, so the script, its server.properties and its
 * credential commands are exactly what the containers run.
 */
class KafkaStartScriptTest {

  private static final Path SCRIPT =
      Path.of("..", "helm", "parkpulse", "files", "kafka-start.sh").toAbsolutePath().normalize();
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  // Every kind of character the script takes, so that none of them breaks --add-scram or
  // --add-config.
  private static final String PLATFORM_PASSWORD = "Platform-pass.word_~+/=";
  private static final String GATEWAY_PASSWORD = "gateway-password-1";
  private static final String ROTATED_GATEWAY_PASSWORD = "gateway-password-2";
  private static final String TELEMETRY = "parkpulse.north.telemetry.v1";
  private static final String REGISTRY = "parkpulse.registry.v1";

  private Path dir;
  private Path kafkaHome;
  private Path dataDir;
  private Path tmp;
  private Path readyFile;
  private Path log;
  private int clientPort;
  private int controllerPort;
  private int internalPort;
  private Process script;

  @BeforeEach
  void aKafkaHomeRunningKafkasOwnMainClasses() throws IOException {
    dir = TestDirs.create("startscript");
    kafkaHome = dir.resolve("kafka");
    dataDir = dir.resolve("data");
    tmp = Files.createDirectories(dir.resolve("tmp"));
    readyFile = dir.resolve("run").resolve("ready");
    log = dir.resolve("kafka-start.log");
    clientPort = Ports.free();
    controllerPort = Ports.free();
    internalPort = Ports.free();
    Path bin = Files.createDirectories(kafkaHome.resolve("bin"));
    // The command-line tools start many times: a small heap and the quick JIT tier.
    String tool = "-Xmx192m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    standIn(bin, "kafka-storage.sh", tool, "kafka.tools.StorageTool");
    standIn(bin, "kafka-configs.sh", tool, "kafka.admin.ConfigCommand");
    standIn(bin, "kafka-server-start.sh", "-Xmx512m", "kafka.Kafka");
  }

  @AfterEach
  void stopScriptAndKafka() {
    if (script != null && script.isAlive()) {
      script.descendants().forEach(ProcessHandle::destroyForcibly);
      script.destroyForcibly();
    }
    TestDirs.deleteRecursively(dir);
  }

  @Test
  void authenticatesWithScramAuthorizesWithAclsAndTakesAChangedPasswordOnRestart()
      throws Exception {
    script = start(GATEWAY_PASSWORD);
    awaitReady();

    // The passwords on disk stay private to the container's user while Kafka runs.
    try (Stream<Path> work = Files.list(tmp)) {
      Path workDir =
          work.filter(p -> p.getFileName().toString().startsWith("kafka-start."))
              .findFirst()
              .orElseThrow();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(workDir)))
          .isEqualTo("rwx------");
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(workDir.resolve("server.properties"))))
          .isEqualTo("rw-------");
    }

    // The platform is a super user: it creates topics and grants the gateway its ACLs.
    try (Admin platform = admin(clientPort, "platform", PLATFORM_PASSWORD)) {
      platform
          .createTopics(
              List.of(new NewTopic(TELEMETRY, 1, (short) 1), new NewTopic(REGISTRY, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
      AclBinding gatewayWritesTelemetry =
          new AclBinding(
              new ResourcePattern(ResourceType.TOPIC, TELEMETRY, PatternType.LITERAL),
              new AccessControlEntry(
                  "User:gateway", "*", AclOperation.WRITE, AclPermissionType.ALLOW));
      platform.createAcls(List.of(gatewayWritesTelemetry)).all().get(30, TimeUnit.SECONDS);
      // The broker applies ACLs from the metadata log, a moment after the controller took them.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!platform
          .describeAcls(AclBindingFilter.ANY)
          .values()
          .get(30, TimeUnit.SECONDS)
          .contains(gatewayWritesTelemetry)) {
        assertThat(System.nanoTime()).as("ACL applied in 30 s").isLessThan(deadline);
        Thread.sleep(100);
      }
    }

    // The gateway writes where its ACL lets it, and nowhere else.
    assertThat(produce("gateway", GATEWAY_PASSWORD, TELEMETRY).get(30, TimeUnit.SECONDS))
        .isNotNull();
    assertThat(failureOf(() -> produce("gateway", GATEWAY_PASSWORD, REGISTRY)))
        .isInstanceOf(TopicAuthorizationException.class);

    // A wrong password is refused.
    try (Admin intruder = admin(clientPort, "platform", "not-the-password")) {
      assertThat(failureOf(() -> intruder.listTopics().names()))
          .isInstanceOf(SaslAuthenticationException.class);
    }

    // No listener takes a client without SASL.
    try (Admin client = plaintextAdmin(clientPort);
        Admin internal = plaintextAdmin(internalPort)) {
      var fromClient = client.listTopics().names();
      var fromInternal = internal.listTopics().names();
      assertThat(failureOf(() -> fromClient)).isInstanceOf(TimeoutException.class);
      assertThat(failureOf(() -> fromInternal)).isInstanceOf(TimeoutException.class);
    }

    // SIGTERM, as Docker and Kubernetes send it: Kafka stops cleanly and the readiness file and
    // the private files go.
    script.destroy();
    assertThat(script.waitFor(60, TimeUnit.SECONDS)).as("script stopped").isTrue();
    assertThat(script.exitValue()).as(logTail()).isZero();
    assertThat(readyFile).doesNotExist();
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).isEmpty();
    }

    // The same volume, the gateway's secret changed: the new password works, the old one not.
    script = start(ROTATED_GATEWAY_PASSWORD);
    awaitReady();
    assertThat(produce("gateway", ROTATED_GATEWAY_PASSWORD, TELEMETRY).get(30, TimeUnit.SECONDS))
        .isNotNull();
    assertThat(failureOf(() -> produce("gateway", GATEWAY_PASSWORD, TELEMETRY)))
        .isInstanceOf(SaslAuthenticationException.class);
    try (Admin platform = admin(clientPort, "platform", PLATFORM_PASSWORD)) {
      assertThat(platform.listTopics().names().get(30, TimeUnit.SECONDS))
          .contains(TELEMETRY, REGISTRY);
    }
  }

  @Test
  void refusesToStartWithoutTheGatewayPassword() throws Exception {
    Map<String, String> env = env(GATEWAY_PASSWORD);
    env.remove("PARKPULSE_KAFKA_GATEWAY_PASSWORD");

    Result result = runToEnd(env);

    assertThat(result.exit()).isNotZero();
    assertThat(result.output())
        .isEqualTo(
            "kafka-start: set PARKPULSE_KAFKA_GATEWAY_PASSWORD to the password of the Kafka user"
                + " 'gateway': at least 12 of A-Z a-z 0-9 . _ ~ + / = -\n");
    assertThat(dataDir).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"short-pass1", "comma,and]bracket", "with space 1234", "quote\"d-password"})
  void refusesAPlatformPasswordThatCouldBreakTheCredentialSyntax(String password) throws Exception {
    Map<String, String> env = env(GATEWAY_PASSWORD);
    env.put("PARKPULSE_KAFKA_PLATFORM_PASSWORD", password);

    Result result = runToEnd(env);

    assertThat(result.exit()).isNotZero();
    assertThat(result.output())
        .startsWith("kafka-start: PARKPULSE_KAFKA_PLATFORM_PASSWORD ")
        .doesNotContain(password)
        .hasLineCount(1);
    assertThat(dataDir).doesNotExist();
  }

  private Process start(String gatewayPassword) throws IOException {
    ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString());
    builder.environment().keySet().removeIf(name -> name.startsWith("PARKPULSE_KAFKA_"));
    builder.environment().putAll(env(gatewayPassword));
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return builder.start();
  }

  private Map<String, String> env(String gatewayPassword) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_HOME", kafkaHome.toString());
    env.put("TMPDIR", tmp.toString());
    env.put("PARKPULSE_KAFKA_DATA_DIR", dataDir.toString());
    env.put("PARKPULSE_KAFKA_READY_FILE", readyFile.toString());
    env.put("PARKPULSE_KAFKA_BIND_HOST", "127.0.0.1");
    env.put("PARKPULSE_KAFKA_PORT", Integer.toString(clientPort));
    env.put("PARKPULSE_KAFKA_CONTROLLER_PORT", Integer.toString(controllerPort));
    env.put("PARKPULSE_KAFKA_INTERNAL_PORT", Integer.toString(internalPort));
    env.put("PARKPULSE_KAFKA_ADVERTISED", "127.0.0.1:" + clientPort);
    env.put("PARKPULSE_KAFKA_PLATFORM_PASSWORD", PLATFORM_PASSWORD);
    env.put("PARKPULSE_KAFKA_GATEWAY_PASSWORD", gatewayPassword);
    return env;
  }

  private record Result(int exit, String output) {}

  private Result runToEnd(Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString());
    builder.environment().keySet().removeIf(name -> name.startsWith("PARKPULSE_KAFKA_"));
    builder.environment().putAll(env);
    script = builder.redirectErrorStream(true).start();
    if (!script.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("kafka-start.sh did not exit");
    }
    return new Result(
        script.exitValue(),
        new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!Files.exists(readyFile)) {
      if (!script.isAlive()) {
        throw new AssertionError(
            "kafka-start.sh exited with " + script.exitValue() + " before ready:\n" + logTail());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Kafka not ready in " + READY_TIMEOUT + ":\n" + logTail());
      }
      Thread.sleep(100);
    }
  }

  private Admin admin(int port, String user, String password) {
    return Admin.create(
        Map.of(
            "bootstrap.servers", "127.0.0.1:" + port,
            "security.protocol", "SASL_PLAINTEXT",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", jaas(user, password),
            "default.api.timeout.ms", "30000"));
  }

  private static Admin plaintextAdmin(int port) {
    return Admin.create(
        Map.of(
            "bootstrap.servers", "127.0.0.1:" + port,
            "request.timeout.ms", "2000",
            "default.api.timeout.ms", "4000"));
  }

  /** Sends one record as {@code user}; the future fails if the broker refuses it. */
  private Future<RecordMetadata> produce(String user, String password, String topic) {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                "bootstrap.servers", "127.0.0.1:" + clientPort,
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", jaas(user, password),
                "acks", "all",
                "max.block.ms", "20000"),
            new StringSerializer(),
            new StringSerializer())) {
      Future<RecordMetadata> sent = producer.send(new ProducerRecord<>(topic, "north/m1", "{}"));
      producer.flush();
      return sent;
    }
  }

  private static String jaas(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user
        + "\" password=\""
        + password
        + "\";";
  }

  private interface Call {
    Future<?> call() throws Exception;
  }

  /** What {@code call} fails with, thrown at once or through its future. */
  private static Throwable failureOf(Call call) {
    Throwable thrown =
        catchThrowable(
            () -> {
              Object result = call.call().get(30, TimeUnit.SECONDS);
              throw new AssertionError("expected a failure, got " + result);
            });
    return thrown instanceof ExecutionException ? thrown.getCause() : thrown;
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }

  private static void standIn(Path bin, String name, String jvmOptions, String mainClass)
      throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path file = bin.resolve(name);
    Files.writeString(
        file,
        String.join(
            "\n",
            "#!/usr/bin/env bash",
            "exec '"
                + java
                + "' "
                + jvmOptions
                + " -cp '"
                + classPath()
                + "' "
                + mainClass
                + " \"$@\"",
            ""));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
  }

  private static String classPath() {
    String classPath = System.getProperty("java.class.path");
    if (classPath.contains("'")) {
      throw new IllegalStateException("a quote in the class path: " + classPath);
    }
    return classPath;
  }
}
