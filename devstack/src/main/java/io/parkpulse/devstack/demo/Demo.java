package io.parkpulse.devstack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.gnss.NmeaReceiver;
import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.devstack.kafka.KafkaLogin;
import io.parkpulse.devstack.platform.PlatformClient;
import io.parkpulse.devstack.postgres.Database;
import io.parkpulse.devstack.postgres.Postgres;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.SecretHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code ./parkpulse demo}: starts Kafka, PostgreSQL (embedded unless {@code PARKPULSE_DB_URL}
 * names a server), the platform, the gateway and a simulated fleet, says where everything listens,
 * and stops it all on Ctrl-C. State lives in {@code .parkpulse/} of the project, so a second run
 * continues where the first stopped; processes left by a killed run are stopped first.
 */
public final class Demo {

  static final String PARK = "demo";

  /** The name of the demo park's Kafka credential. */
  static final String INTEGRATOR = "integrator";

  static final String ADMIN = "admin";
  static final Map<String, String> INDUSTRY =
      Map.of(
          "sunrise-textiles", "textiles",
          "east-precision", "machining",
          "green-cells", "batteries");
  static final Map<String, String> NAMES =
      Map.of(
          "sunrise-textiles", "旭日纺织有限公司",
          "east-precision", "东方精密机械有限公司",
          "green-cells", "绿能电池科技有限公司");
  static final Map<String, List<String>> FLEET = new LinkedHashMap<>();

  /** What the simulated machines report, with each point's meaning, shared by the park. */
  static final Map<String, Object> MACHINE_PROFILE =
      Map.of(
          "id",
          "demo-machine",
          "park",
          PARK,
          "name",
          "Simulated machine",
          "points",
          List.of(
              point("state", null, "string", "machine.state"),
              point("power_kw", "kW", "number", "power.active_kw"),
              point("energy_kwh", "kWh", "number", "energy.active_kwh"),
              point("good_count", null, "integer", "counter.good"),
              point("total_count", null, "integer", "counter.total"),
              point("temperature_c", "°C", "number", "temperature.c")));

  private static Map<String, Object> point(String name, String unit, String type, String kind) {
    Map<String, Object> point = new LinkedHashMap<>();
    point.put("name", name);
    point.put("unit", unit);
    point.put("dataType", type);
    point.put("kind", kind);
    point.put("intervalSeconds", 2);
    return point;
  }

  /** The portal's demo users besides the admin: the park's operator and one enterprise's admin. */
  static final String OPERATOR = "operator";

  static final String ENTERPRISE_ADMIN = "east-admin";

  static {
    FLEET.put("sunrise-textiles", List.of("loom-01", "loom-02", "dyeing-01"));
    FLEET.put("east-precision", List.of("cnc-01", "cnc-02", "press-01"));
    FLEET.put("green-cells", List.of("coater-01", "winder-01", "formation-01"));
  }

  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private final Path home;
  private final Path work;
  private final Map<String, String> env;
  private final Apps apps;
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final Logger QUIET = Logger.getLogger("");

  private final List<ManagedProcess> started = new ArrayList<>();
  private NmeaReceiver receiver;
  private Postgres embeddedDb;
  private volatile boolean stopping;

  Demo(Path home, Map<String, String> env) {
    this.home = home;
    String dir = env.getOrDefault("PARKPULSE_DEMO_DIR", "");
    this.work = home.resolve(dir.isBlank() ? ".parkpulse" : dir.trim());
    this.env = env;
    this.apps = new Apps(work);
  }

  public static void main(String[] args) throws Exception {
    // The embedded PostgreSQL reports every line it prints; its log file is enough.
    QUIET.setLevel(Level.WARNING);
    Path home = Path.of(System.getProperty("parkpulse.home", ".")).toAbsolutePath().normalize();
    Demo demo = new Demo(home, System.getenv());
    Runtime.getRuntime().addShutdownHook(new Thread(demo::stopAll, "demo-stop"));
    try {
      demo.run();
    } catch (Ports.PortTakenException | IllegalStateException e) {
      System.err.println();
      System.err.println("ParkPulse demo cannot start: " + e.getMessage());
      System.exit(1);
    }
  }

  void run() throws Exception {
    Optional<Database> externalDb = Postgres.external(env);
    Path runDir = work.resolve("run");
    List<String> leftovers = ManagedProcess.stopLeftovers(runDir);
    ManagedProcess.stopLeftover(work.resolve("postgres").resolve("postmaster.pid"));
    if (!leftovers.isEmpty()) {
      say("Stopped processes left by an earlier run: " + leftovers);
    }
    // Chosen once what an earlier run left is stopped, so that its ports count as free again.
    DemoPorts ports = DemoPorts.onThisMachine(env);
    List<DemoPorts.Choice> choices = new ArrayList<>();
    int kafkaPort = take(choices, ports.choose("PARKPULSE_KAFKA_PORT", 9092, "Kafka"));
    int controllerPort =
        take(
            choices, ports.choose("PARKPULSE_KAFKA_CONTROLLER_PORT", 9093, "the Kafka controller"));
    int kafkaInternalPort =
        take(
            choices,
            ports.choose("PARKPULSE_KAFKA_INTERNAL_PORT", 9094, "the Kafka broker's own listener"));
    int dbPort =
        externalDb.isPresent()
            ? 0
            : take(choices, ports.choose("PARKPULSE_DB_PORT", 54329, "the embedded PostgreSQL"));
    int mqttPort = take(choices, ports.choose("PARKPULSE_MQTT_PORT", 1883, "the MQTT gateway"));
    int apiPort = take(choices, ports.choose("PARKPULSE_HTTP_PORT", 8080, "the platform"));
    int gatewayHttpPort =
        take(
            choices,
            ports.choose("PARKPULSE_GATEWAY_HTTP_PORT", 8081, "the gateway's health endpoint"));
    choices.stream().filter(DemoPorts.Choice::moved).forEach(c -> say(c.notice()));
    String gatewayUri = "tcp://127.0.0.1:" + mqttPort;

    Path logs = work.resolve("logs");
    say("Starting Kafka (KRaft) on 127.0.0.1:" + kafkaPort + " ...");
    // Secured as the bundled deployments run it: the apps log in with SCRAM, and the platform
    // grants the gateway its ACLs. New passwords at every start; the broker updates the users.
    KafkaBroker.Users kafkaUsers = KafkaBroker.Users.random();
    track(
        apps.kafka(
            kafkaPort,
            controllerPort,
            kafkaInternalPort,
            work.resolve("kafka"),
            kafkaUsers,
            "-Xmx512m"));
    String bootstrap = "127.0.0.1:" + kafkaPort;
    KafkaLogin platformLogin =
        KafkaLogin.scram(bootstrap, "platform", kafkaUsers.platformPassword());

    Database db;
    if (externalDb.isPresent()) {
      db = externalDb.get();
      say("Using PostgreSQL at " + db.jdbcUrl());
    } else {
      say("Starting PostgreSQL 17 (embedded) on 127.0.0.1:" + dbPort + " ...");
      embeddedDb = Postgres.embedded(work.resolve("postgres"), dbPort);
      db = embeddedDb.database();
    }

    say("Starting the platform on http://127.0.0.1:" + apiPort + " ...");
    String adminPassword = adminPassword();
    ManagedProcess platform =
        track(
            apps.platform(
                app("platform"),
                apiPort,
                bootstrap,
                db,
                adminPassword,
                platformEnv(platformLogin, gatewayUri)));
    platform.awaitHttpOk(Apps.readyUrl(apiPort), START_TIMEOUT);

    // The fleet is provisioned like any park: through the API, each device with a fresh secret.
    String api = "http://127.0.0.1:" + apiPort;
    PlatformClient client = PlatformClient.login(api, ADMIN, adminPassword);
    Map<String, String> secrets = provisionFleet(client);
    String forkliftSecret = DemoYard.provision(client, PARK);
    provisionUsers(client, adminPassword);
    writePrivate(tokenFile(), client.token());
    String integrator = issueKafkaCredential(client, bootstrap);

    say("Starting the MQTT gateway on " + gatewayUri + " ...");
    ManagedProcess gateway =
        track(
            apps.gateway(
                app("gateway"),
                gatewayHttpPort,
                mqttPort,
                bootstrap,
                KafkaLogin.scram(bootstrap, "gateway", kafkaUsers.gatewayPassword())
                    .appEnv("GATEWAY")));
    gateway.awaitHttpOk(Apps.readyUrl(gatewayHttpPort), START_TIMEOUT);

    int devices = FLEET.values().stream().mapToInt(List::size).sum();
    say("Starting " + devices + " simulated machines in " + FLEET.size() + " enterprises ...");
    receiver = DemoYard.receiver();
    String forklift = forkliftAgent(gatewayUri, forkliftSecret, receiver.port());
    ManagedProcess agents =
        start(
            "edge-agents",
            ManagedProcess.javaCommand(
                List.of("-Xmx128m"),
                fleetArgs(
                    home.resolve("edge-agent/target/parkpulse-edge-agent.jar"),
                    gatewayUri,
                    secrets,
                    forklift)),
            Map.of());
    agents.awaitLogLine("READY", START_TIMEOUT);

    System.out.println(
        String.join(
            "\n",
            "",
            "ParkPulse demo is running. Press Ctrl-C to stop everything.",
            "",
            "  Kafka          "
                + bootstrap
                + "   topics parkpulse."
                + PARK
                + ".*, read-only login "
                + integrator
                + " (client settings in "
                + kafkaClientFile()
                + ")",
            "  PostgreSQL     " + db.jdbcUrl() + "   user " + db.user(),
            "  MQTT gateway   "
                + gatewayUri
                + "   health http://127.0.0.1:"
                + gatewayHttpPort
                + "/q/health",
            "  Portal         " + api + "/portal",
            "                 users '"
                + OPERATOR
                + "' (park operator), '"
                + ENTERPRISE_ADMIN
                + "' (east-precision), '"
                + ADMIN
                + "' (platform admin)",
            "                 password of all three: "
                + adminPassword
                + "   (kept in "
                + passwordFile()
                + ")",
            "  Platform API   " + api + "   OpenAPI UI " + api + "/q/swagger-ui",
            "  Edge agents    "
                + devices
                + " machines of "
                + String.join(", ", FLEET.keySet())
                + ", a reading every 2 s each; "
                + DemoYard.ENTERPRISE
                + "/"
                + DemoYard.FORKLIFT
                + " drives through the forbidden tank farm on "
                + api
                + "/portal/map",
            "",
            "Look at the data (a session token of the admin is in " + tokenFile() + "):",
            "  curl -H \"Authorization: Bearer $(cat "
                + tokenFile()
                + ")\" '"
                + api
                + "/api/v1/enterprises/east-precision/devices/cnc-01/telemetry?limit=5'",
            "  curl -H \"Authorization: Bearer $(cat "
                + tokenFile()
                + ")\" '"
                + api
                + "/api/v1/enterprises/east-precision/devices/cnc-01/rollups?resolution=1m'",
            "",
            "Logs of every process: " + logs,
            ""));

    printFirstReading(client);
    assessThePark(client);
    declareEnergy(client);
    watch();
  }

  private Map<String, String> provisionFleet(PlatformClient client)
      throws IOException, InterruptedException {
    client.ensurePark(PARK, "ParkPulse demo park");
    client.createIfAbsent("/api/v1/profiles", MACHINE_PROFILE);
    Map<String, String> secrets = new LinkedHashMap<>();
    for (var entry : FLEET.entrySet()) {
      String enterprise = entry.getKey();
      client.ensureEnterprise(
          PARK, enterprise, NAMES.get(enterprise), INDUSTRY.get(enterprise), "small");
      for (String device : entry.getValue()) {
        secrets.put(
            new DeviceRef(enterprise, device).username(),
            client.deviceSecret(enterprise, device, device));
        if (!enterprise.equals("sunrise-textiles")) {
          // Two of the three keep a complete equipment register, which the maturity rewards.
          client.put(
              "/api/v1/enterprises/" + enterprise + "/devices/" + device,
              Map.of(
                  "type", "machine",
                  "ratedPowerKw", 15.0,
                  "criticality", "high",
                  "profile", "demo-machine"));
        }
      }
    }
    return secrets;
  }

  private static void provisionUsers(PlatformClient client, String password)
      throws IOException, InterruptedException {
    client.createIfAbsent(
        "/api/v1/users",
        Map.of(
            "id",
            OPERATOR,
            "displayName",
            "园区运营方",
            "password",
            password,
            "role",
            "park-operator",
            "park",
            PARK));
    client.createIfAbsent(
        "/api/v1/users",
        Map.of(
            "id",
            ENTERPRISE_ADMIN,
            "displayName",
            "东方精密 管理员",
            "password",
            password,
            "role",
            "enterprise-admin",
            "park",
            PARK,
            "enterprise",
            "east-precision"));
  }

  /**
   * What the energy pages need besides the machines' meters: this month's gas and green power of
   * one enterprise, and this year's 亩均 inputs of all three. The energy job measures the meters
   * every minute in the demo.
   */
  private static void declareEnergy(PlatformClient client)
      throws IOException, InterruptedException {
    YearMonth month = YearMonth.now(ZoneId.of("Asia/Shanghai"));
    client.put(
        "/api/v1/enterprises/green-cells/energy/declarations/" + month,
        Map.of(
            "quantities",
            Map.of("natural-gas", 1200, "green-power", 800),
            "source",
            "demo: gas invoice and green certificate"));
    Map<String, List<Integer>> inputs =
        Map.of(
            "sunrise-textiles", List.of(60, 420, 9800),
            "east-precision", List.of(35, 610, 12500),
            "green-cells", List.of(80, 380, 15100));
    for (var e : inputs.entrySet()) {
      client.put(
          "/api/v1/enterprises/" + e.getKey() + "/mu/" + month.getYear(),
          Map.of(
              "landMu", e.getValue().get(0),
              "tax10kYuan", e.getValue().get(1),
              "sales10kYuan", e.getValue().get(2)));
    }
  }

  /**
   * Gives the enterprises different questionnaire answers (east-precision's verified by the park),
   * then assesses the park, so that the portal opens on levels, gaps and evidence.
   */
  private static void assessThePark(PlatformClient client)
      throws IOException, InterruptedException {
    Map<String, Map<String, String>> answers =
        Map.of(
            "east-precision",
            Map.of(
                "digital-plan", "FULLY",
                "digital-staff", "FULLY",
                "maintenance-system", "MOSTLY",
                "security-policy", "FULLY"),
            "sunrise-textiles",
            Map.of("digital-plan", "PARTLY", "digital-staff", "MOSTLY"));
    for (var enterprise : answers.entrySet()) {
      String questionnaire = "/api/v1/enterprises/" + enterprise.getKey() + "/questionnaire/";
      for (var answer : enterprise.getValue().entrySet()) {
        client.put(questionnaire + answer.getKey(), Map.of("answer", answer.getValue()));
        if (enterprise.getKey().equals("east-precision")) {
          client.post(questionnaire + answer.getKey() + "/verification", Map.of("verified", true));
        }
      }
    }
    client.post("/api/v1/parks/" + PARK + "/assessments", Map.of());
    say("Assessed the park's maturity: see the portal.");
  }

  /** The admin password of this demo's database: made on the first run, kept in a file. */
  private String adminPassword() throws IOException {
    Path file = passwordFile();
    if (Files.isRegularFile(file)) {
      return Files.readString(file).trim();
    }
    String password = SecretHash.newSecret();
    writePrivate(file, password);
    return password;
  }

  /** Writes a secret into a file only its owner may read. */
  private static void writePrivate(Path file, String secret) throws IOException {
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, secret + "\n");
  }

  /** The platform's environment: its Kafka login, and the address its portal gives agents. */
  private static Map<String, String> platformEnv(KafkaLogin kafka, String gatewayUri) {
    Map<String, String> env = new HashMap<>(KafkaBroker.platformEnv(kafka));
    // The portal writes this address into the agent.yaml it offers for a new device.
    env.put("PARKPULSE_PLATFORM_PORTAL_GATEWAY_URI", gatewayUri);
    // The energy pages show the machines' meters within a minute, not fifteen.
    env.put("PARKPULSE_PLATFORM_ENERGY_INTERVAL", "1M");
    return env;
  }

  /**
   * Issues the demo park's Kafka credential for an integrator, as an operator would in the portal,
   * and writes a Kafka client's settings with it into a private file; a new password each run.
   *
   * @return its user name
   */
  private String issueKafkaCredential(PlatformClient client, String bootstrap)
      throws IOException, InterruptedException {
    String path = "/api/v1/parks/" + PARK + "/kafka-credentials";
    if (client.get(path).contains("\"name\":\"" + INTEGRATOR + "\"")) {
      client.delete(path + "/" + INTEGRATOR);
    }
    JsonNode issued = client.post(path, Map.of("name", INTEGRATOR));
    String user = issued.get("credential").get("username").asText();
    writePrivate(
        kafkaClientFile(),
        String.join(
            "\n",
            "# A Kafka client's settings for the demo park's read-only credential, e.g.",
            "#   kafka-console-consumer.sh --bootstrap-server "
                + bootstrap
                + " --consumer.config "
                + kafkaClientFile()
                + " --group parkpulse."
                + PARK
                + ".me --topic parkpulse."
                + PARK
                + ".telemetry.v1",
            "bootstrap.servers=" + bootstrap,
            "security.protocol=" + issued.get("securityProtocol").asText(),
            "sasl.mechanism=" + issued.get("saslMechanism").asText(),
            "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\""
                + user
                + "\" password=\""
                + issued.get("password").asText()
                + "\";"));
    return user;
  }

  private Path kafkaClientFile() {
    return work.resolve("kafka-client.properties");
  }

  private Path tokenFile() {
    return work.resolve("admin-token");
  }

  private Path passwordFile() {
    return work.resolve("admin-password");
  }

  /**
   * The forklift's agent configuration: its BeiDou receiver, simulated in this process, serves NMEA
   * over TCP as a receiver behind a serial server would.
   */
  private String forkliftAgent(String gatewayUri, String secret, int receiverPort)
      throws IOException {
    Path dir = work.resolve("agents");
    Files.createDirectories(dir);
    Path file = dir.resolve(DemoYard.ENTERPRISE + "." + DemoYard.FORKLIFT + ".yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "# Written by ./parkpulse demo for the forklift's BeiDou receiver.",
            "gateway:",
            "  uri: " + gatewayUri,
            "device:",
            "  enterprise: " + DemoYard.ENTERPRISE,
            "  id: " + DemoYard.FORKLIFT,
            "  secret: \"" + secret + "\"",
            "state-dir: state/" + DemoYard.ENTERPRISE + "-" + DemoYard.FORKLIFT,
            "machines:",
            "  - gnss:",
            "      tcp: 127.0.0.1:" + receiverPort,
            "      interval: 2s",
            "      still-every: 30s",
            ""));
    return file.toString();
  }

  private String[] fleetArgs(
      Path agentJar, String gatewayUri, Map<String, String> secrets, String... more)
      throws IOException {
    Path dir = work.resolve("agents");
    Files.createDirectories(dir);
    List<String> args = new ArrayList<>(List.of("-jar", agentJar.toString()));
    long seed = 1;
    for (var entry : FLEET.entrySet()) {
      for (String device : entry.getValue()) {
        Path file = dir.resolve(entry.getKey() + "." + device + ".yaml");
        Files.writeString(
            file,
            String.join(
                "\n",
                "# Written by ./parkpulse demo for one simulated machine.",
                "gateway:",
                "  uri: " + gatewayUri,
                "device:",
                "  enterprise: " + entry.getKey(),
                "  id: " + device,
                "  secret: \"" + secrets.get(device + "@" + entry.getKey()) + "\"",
                "state-dir: state/" + entry.getKey() + "-" + device,
                "machines:",
                "  - simulator:",
                "      interval: 2s",
                "      seed: " + seed++,
                ""));
        args.add(file.toString());
      }
    }
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /** Waits for the first reading taken in this run to come back from the API, and shows it. */
  private void printFirstReading(PlatformClient client) throws InterruptedException {
    String since = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS).toString();
    String path =
        "/api/v1/enterprises/east-precision/devices/cnc-01/telemetry?limit=1&from=" + since;
    for (int i = 0; i < 60; i++) {
      try {
        String body = client.get(path);
        if (!body.contains("\"count\":0")) {
          say("Telemetry flows end to end. The platform returned:\n  " + body);
          return;
        }
      } catch (IOException | IllegalStateException e) {
        // try again
      }
      Thread.sleep(1000);
    }
    say("No reading has reached the platform yet; see the logs in " + work.resolve("logs"));
  }

  private void watch() throws InterruptedException {
    while (!stopping) {
      for (ManagedProcess p : List.copyOf(started)) {
        if (!p.isAlive() && !stopping) {
          say(p.name() + " stopped unexpectedly; see " + p.log() + ". Stopping the demo.");
          System.exit(1);
        }
      }
      Thread.sleep(1000);
    }
  }

  private ManagedProcess start(String name, List<String> command, Map<String, String> childEnv) {
    return track(apps.start(name, command, childEnv));
  }

  private ManagedProcess track(ManagedProcess process) {
    started.add(process);
    return process;
  }

  private Path app(String module) {
    return home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
  }

  private static int take(List<DemoPorts.Choice> choices, DemoPorts.Choice choice) {
    choices.add(choice);
    return choice.port();
  }

  synchronized void stopAll() {
    stopping = true;
    if (started.isEmpty() && embeddedDb == null && receiver == null) {
      return;
    }
    say("Stopping ...");
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
    started.clear();
    if (receiver != null) {
      receiver.close();
      receiver = null;
    }
    if (embeddedDb != null) {
      embeddedDb.close();
      embeddedDb = null;
    }
    say("Stopped.");
  }

  private static void say(String message) {
    System.out.println("[" + LocalTime.now().format(CLOCK) + "] " + message);
  }
}
