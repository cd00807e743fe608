package io.parkpulse.bench;

import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.platform.PlatformClient;
import io.parkpulse.devstack.postgres.Database;
import io.parkpulse.devstack.postgres.Postgres;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import io.parkpulse.model.Reading;
import io.parkpulse.model.TelemetryCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The whole pipeline on this machine: readings of simulated machines taken by the real edge agent
 * (store and forward on), sent over MQTT to the gateway, through Kafka into the platform and
 * PostgreSQL; every part its own process. Open-loop steps at rising rates until the stored lag
 * (reading's ts to the commit of its row, from PostgreSQL's commit timestamps) passes the limit.
 *
 * <p>Three load sources, each a "mode": the agent with its default batching ({@code batched}), the
 * agent with one reading per MQTT message ({@code single}), and a light generator in this JVM that
 * publishes one reading of 6 values per message in the agent's payload format, one MQTT connection
 * per device ({@code generator}), so that its figures are the platform's and not the agent's.
 *
 * <p>Each mode starts with a warm-up step at half its first rate, 60 s by default: the freshly
 * started JVMs compile their hot code for about a minute under load, and after a warm-up of 8 s
 * their compiler threads took 42% of the machine during the first measured step.
 */
public final class Pipeline {

  private static final String PARK = "pipeline";
  private static final String PASSWORD = "bench-admin-password";
  private static final long TICKS = 100; // USER_HZ: /proc/<pid>/stat times are in 1/100 s
  private static final int NPROC = Runtime.getRuntime().availableProcessors();

  /** The run's settings, from {@code --name=value} arguments. */
  record Options(
      List<String> modes,
      int seconds,
      int warmup,
      int devices,
      int agents,
      Map<String, List<Long>> rates,
      Integer inflight,
      String agentOpts,
      double lagLimitMs,
      boolean jfr) {

    static Options parse(String[] args) {
      Map<String, String> a = new LinkedHashMap<>();
      for (String arg : args) {
        if (!arg.startsWith("--") || !arg.contains("=") && !arg.equals("--jfr")) {
          throw new IllegalArgumentException(
              "unknown argument " + arg + " (see bench/pipeline.sh)");
        }
        int eq = arg.indexOf('=');
        a.put(
            eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "" : arg.substring(eq + 1));
      }
      Map<String, List<Long>> rates = new LinkedHashMap<>();
      rates.put("batched", longs(a.getOrDefault("rates-batched", "10000,20000,30000,40000,60000")));
      rates.put("single", longs(a.getOrDefault("rates-single", "2000,4000,6000,8000,10000,12000")));
      rates.put(
          "generator", longs(a.getOrDefault("rates-generator", "4000,8000,12000,16000,20000")));
      Options o =
          new Options(
              List.of(a.getOrDefault("modes", "batched,single,generator").split(",")),
              Integer.parseInt(a.getOrDefault("seconds", "20")),
              Integer.parseInt(a.getOrDefault("warmup", "60")),
              Integer.parseInt(a.getOrDefault("devices", "50")),
              Integer.parseInt(a.getOrDefault("agents", "1")),
              rates,
              a.containsKey("inflight") ? Integer.valueOf(a.get("inflight")) : null,
              a.getOrDefault("agent-opts", "-Xmx48m -XX:+UseSerialGC"),
              Double.parseDouble(a.getOrDefault("lag-limit-ms", "5000")),
              a.containsKey("jfr"));
      for (String mode : o.modes) {
        if (!rates.containsKey(mode)) {
          throw new IllegalArgumentException("unknown mode " + mode);
        }
      }
      if (o.devices % o.agents != 0) {
        throw new IllegalArgumentException("devices must be a multiple of agents");
      }
      return o;
    }

    private static List<Long> longs(String csv) {
      return Arrays.stream(csv.split(",")).map(String::trim).map(Long::valueOf).toList();
    }
  }

  /** What one step measured. */
  record Step(
      String mode,
      String label,
      long offered,
      long readings,
      long messages,
      double takenPerSecond,
      double storedPerSecond,
      double p50,
      double p99,
      double max,
      boolean complete,
      Map<String, Double> cores,
      Map<String, Long> rssMax) {

    boolean passes(double limitMs) {
      return complete && p99 < limitMs && takenPerSecond >= 0.9 * offered;
    }

    double messagesPerSecond() {
      return readings == 0 ? 0 : storedPerSecond * messages / readings;
    }
  }

  private final Options options;
  private final Path home;
  private final Path work;
  private final Apps apps;
  private final List<String> out = new ArrayList<>();
  private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
  private final TelemetryCodec codec = new TelemetryCodec();
  private Connection db;
  private PlatformClient client;
  private int mqttPort;
  private int gatewayHttp;
  private long postgresPid;
  private final Map<String, Long> pids = new LinkedHashMap<>();

  private Pipeline(Options options, Path home, Path work) {
    this.options = options;
    this.home = home;
    this.work = work;
    this.apps = new Apps(work);
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Path home = Path.of(System.getProperty("parkpulse.home", ".")).toAbsolutePath();
    Path work =
        Path.of(
            System.getProperty(
                "pipeline.work",
                home.resolve("bench/target/pipeline-" + System.currentTimeMillis()).toString()));
    Files.createDirectories(work);
    Pipeline pipeline = new Pipeline(options, home, work);
    Thread stopAll = new Thread(pipeline::stopAll, "pipeline-stop");
    Runtime.getRuntime().addShutdownHook(stopAll);
    try {
      pipeline.run();
    } finally {
      pipeline.stopAll();
    }
  }

  private void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  /** Closes what was started, newest first; safe to call twice (the shutdown hook does). */
  private void stopAll() {
    List<AutoCloseable> all;
    synchronized (started) {
      all = new ArrayList<>(started);
      started.clear();
    }
    Collections.reverse(all);
    for (AutoCloseable c : all) {
      try {
        c.close();
      } catch (Exception e) {
        System.err.println("stopping: " + e);
      }
    }
  }

  private <T extends AutoCloseable> T keep(T c) {
    started.add(c);
    return c;
  }

  private void run() throws Exception {
    say(
        String.format(
            "pipeline: %d cores shared by every process; modes %s; %d s per step after a %d s"
                + " warm-up step; %d devices; %d agent(s); lag limit %.0f ms (p99, reading ts to"
                + " the commit of its row); work dir %s",
            NPROC,
            options.modes,
            options.seconds,
            options.warmup,
            options.devices,
            options.agents,
            options.lagLimitMs,
            work));
    int kafkaPort = Ports.free();
    long t0 = System.nanoTime();
    ManagedProcess kafka =
        keep(apps.kafka(kafkaPort, Ports.free(), work.resolve("kafka"), "-Xmx1g"));
    pids.put("kafka", kafka.pid());
    String bootstrap = "127.0.0.1:" + kafkaPort;
    Postgres pg = startPostgres();
    Database database = pg.database();
    int http = Ports.free();
    ManagedProcess platform =
        keep(
            apps.platform(
                home.resolve("platform/target/quarkus-app/quarkus-run.jar"),
                http,
                bootstrap,
                database,
                PASSWORD));
    pids.put("platform", platform.pid());
    platform.awaitHttpOk(Apps.readyUrl(http), Duration.ofMinutes(3));
    client = PlatformClient.login("http://127.0.0.1:" + http, "admin", PASSWORD);
    client.ensurePark(PARK, "Pipeline park");
    // The benchmark measures capacity, not the park's per-device limits.
    client.put(
        "/api/v1/parks/" + PARK + "/limits",
        Map.of("deviceMessagesPerSecond", 0, "deviceBytesPerDay", 0));
    gatewayHttp = Ports.free();
    mqttPort = Ports.free();
    Map<String, String> gatewayEnv = new LinkedHashMap<>();
    if (options.jfr) {
      gatewayEnv.put("JAVA_TOOL_OPTIONS", jfrOption(work.resolve("gateway.jfr")));
    }
    ManagedProcess gateway =
        keep(
            apps.gateway(
                home.resolve("gateway/target/quarkus-app/quarkus-run.jar"),
                gatewayHttp,
                mqttPort,
                bootstrap,
                gatewayEnv));
    pids.put("gateway", gateway.pid());
    gateway.awaitHttpOk(Apps.readyUrl(gatewayHttp), Duration.ofMinutes(3));
    pids.put("postgres", postgresPid);
    db = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    keep(db);
    say(
        String.format(
            "started Kafka (pid %d), PostgreSQL (pid %d), platform (pid %d), gateway (pid %d) in"
                + " %.0f s",
            kafka.pid(),
            postgresPid,
            platform.pid(),
            gateway.pid(),
            (System.nanoTime() - t0) / 1e9));

    Map<String, List<Step>> results = new LinkedHashMap<>();
    Map<String, String> losses = new LinkedHashMap<>();
    for (String mode : options.modes) {
      List<Step> steps = new ArrayList<>();
      results.put(mode, steps);
      losses.put(mode, runMode(mode, steps));
    }
    summarise(results, losses);
    Map<String, String> peaks = new LinkedHashMap<>();
    pids.forEach((name, pid) -> peaks.put(name, PeakRss.of(pid)));
    say("peak RSS over the whole run (VmHWM): " + peaks);
    if (options.jfr) {
      gateway.close();
      say("JFR recordings in " + work + " (gateway.jfr, agent-*.jfr); see bench/pipeline.sh");
    }
  }

  private static String jfrOption(Path file) {
    return "-XX:StartFlightRecording=filename=" + file + ",settings=profile,dumponexit=true";
  }

  /**
   * Embedded PostgreSQL 17 as the other benchmarks start it (fsync on), with commit timestamps on,
   * so that each row's commit time can be read back: {@code pg_xact_commit_timestamp(xmin)}. The
   * setting needs a restart, hence start, set, stop and start again on the same data.
   */
  private Postgres startPostgres() throws Exception {
    Path dir = work.resolve("postgres");
    int port = Ports.free();
    try (Postgres first = Postgres.embedded(dir, port)) {
      Database d = first.database();
      try (Connection c = DriverManager.getConnection(d.jdbcUrl(), d.user(), d.password());
          Statement s = c.createStatement()) {
        s.execute("ALTER SYSTEM SET track_commit_timestamp = on");
      }
    }
    Postgres pg = keep(Postgres.embedded(dir, port));
    postgresPid = Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim());
    return pg;
  }

  // ---------------------------------------------------------------- one mode

  /** Runs the warm-up and the rising steps of {@code mode}; returns the loss check's verdict. */
  private String runMode(String mode, List<Step> steps) throws Exception {
    String enterprise = "pl-" + mode;
    client.ensureEnterprise(PARK, enterprise, "Pipeline " + mode, "machining", "small");
    client.put(
        "/api/v1/enterprises/" + enterprise + "/limits",
        Map.of("enterpriseMessagesPerSecond", 0, "enterpriseBytesPerDay", 0));
    say("");
    say("== mode " + mode + ": " + describe(mode));
    Map<String, Long> expected = new TreeMap<>();
    AgentFleet fleet = null;
    Generator generator = null;
    if (mode.equals("generator")) {
      generator = new Generator(enterprise);
    } else {
      fleet = new AgentFleet(mode, enterprise);
    }
    List<Long> rates = options.rates.get(mode);
    List<long[]> plan = new ArrayList<>();
    if (options.warmup > 0) {
      plan.add(new long[] {Math.max(options.devices, rates.get(0) / 2), options.warmup, 1});
    }
    for (long rate : rates) {
      plan.add(new long[] {rate, options.seconds, 0});
    }
    int n = 0;
    for (long[] p : plan) {
      String label = p[2] == 1 ? "warm-up" : "step " + (++n);
      Step step =
          generator != null
              ? generator.step(label, p[0], (int) p[1], expected)
              : fleet.step(label, p[0], (int) p[1], expected);
      say(format(step));
      if (p[2] == 0) {
        steps.add(step);
        if (!step.passes(options.lagLimitMs)) {
          say("   stops here: " + whyNot(step));
          break;
        }
      } else if (!step.complete) {
        say("   the warm-up did not complete: " + whyNot(step));
        break;
      }
    }
    if (generator != null) {
      generator.close();
    }
    // The gateway's counters (limits, rejections, PUBACK latency) after the mode, for diagnosis.
    Files.writeString(work.resolve("gateway-metrics-" + mode + ".txt"), metricsText());
    String loss = checkLoss(enterprise, expected);
    say("   loss check (" + mode + "): " + loss);
    return loss;
  }

  private static String describe(String mode) {
    return switch (mode) {
      case "batched" ->
          "the real edge agent, simulated machines, store and forward, its default"
              + " batching (publish.readings-per-message 100)";
      case "single" ->
          "the real edge agent, simulated machines, store and forward, one reading"
              + " of 6 values per MQTT message (publish.readings-per-message 1)";
      default ->
          "light generator in the benchmark JVM: one reading of 6 values per message in"
              + " the agent's payload format, one MQTT connection per device, QoS 1";
    };
  }

  private String whyNot(Step s) {
    List<String> why = new ArrayList<>();
    if (!s.complete) {
      why.add("not every reading was stored in time");
    }
    if (s.p99 >= options.lagLimitMs) {
      why.add(String.format("p99 lag %.0f ms >= %.0f ms", s.p99, options.lagLimitMs));
    }
    if (s.takenPerSecond < 0.9 * s.offered) {
      why.add(
          String.format(
              "the source took only %,.0f of %,d readings/s", s.takenPerSecond, s.offered));
    }
    return String.join("; ", why);
  }

  private static String format(Step s) {
    String cores =
        s.cores.entrySet().stream()
            .map(e -> String.format("%s %.2f", e.getKey(), e.getValue()))
            .collect(Collectors.joining(", "));
    String rss =
        s.rssMax.entrySet().stream()
            .map(e -> String.format("%s %d", e.getKey(), e.getValue() >> 20))
            .collect(Collectors.joining(", "));
    return String.format(
        "%-8s %-9s offered %,7d readings/s: taken %,8.0f/s, stored %,8.0f/s (%,d readings in %,d"
            + " messages, %,.0f msg/s); lag ms p50 %,.0f p99 %,.0f max %,.0f; %s%n"
            + "   CPU (cores, of %d): %s%n   RSS max (MiB; postgres: sum of PSS): %s",
        s.mode,
        s.label,
        s.offered,
        s.takenPerSecond,
        s.storedPerSecond,
        s.readings,
        s.messages,
        s.messagesPerSecond(),
        s.p50,
        s.p99,
        s.max,
        s.complete ? "all stored" : "INCOMPLETE",
        NPROC,
        cores,
        rss);
  }

  // ---------------------------------------------------------------- agents

  /** The agents of a mode: their devices, configuration files and state across steps. */
  private final class AgentFleet {
    final String mode;
    final String enterprise;
    final Map<String, String> agentSecrets = new LinkedHashMap<>();
    final Map<String, List<String>> machines = new LinkedHashMap<>();
    long perDevice;
    int stepNo;

    AgentFleet(String mode, String enterprise) throws Exception {
      this.mode = mode;
      this.enterprise = enterprise;
      int perAgent = options.devices / options.agents;
      for (int a = 0; a < options.agents; a++) {
        List<String> ids = new ArrayList<>();
        for (int m = 0; m < perAgent; m++) {
          String id = String.format("%s-m-%03d", mode.charAt(0), a * perAgent + m + 1);
          client.post(
              "/api/v1/enterprises/" + enterprise + "/devices", Map.of("id", id, "name", id));
          ids.add(id);
        }
        String agent = String.format("%s-agent-%02d", mode.charAt(0), a + 1);
        String secret =
            client
                .post(
                    "/api/v1/enterprises/" + enterprise + "/devices",
                    Map.of("id", agent, "name", agent, "gatewayFor", ids))
                .get("secret")
                .asText();
        agentSecrets.put(agent, secret);
        machines.put(agent, ids);
      }
    }

    Step step(String label, long rate, int seconds, Map<String, Long> expected) throws Exception {
      stepNo++;
      long count = Math.max(1, rate * seconds / options.devices);
      perDevice += count;
      Duration interval = Duration.ofNanos(1_000_000_000L * options.devices / rate);
      List<String> files = new ArrayList<>();
      for (Map.Entry<String, List<String>> agent : machines.entrySet()) {
        files.add(writeConfig(agent.getKey(), agent.getValue(), interval).toString());
        for (String m : agent.getValue()) {
          expected.put(m, perDevice);
        }
      }
      Path agentHome = home.resolve("edge-agent/target");
      List<String> jvm = new ArrayList<>(List.of(options.agentOpts.trim().split("\\s+")));
      if (options.jfr) {
        jvm.add(jfrOption(work.resolve("agent-" + mode + "-" + stepNo + ".jfr")));
      }
      List<String> command = new ArrayList<>();
      command.addAll(
          ManagedProcess.javaCommand(
              jvm,
              "-cp",
              agentHome.resolve("parkpulse-edge-agent.jar") + ":" + agentHome.resolve("lib") + "/*",
              "io.parkpulse.agent.AgentMain",
              "run"));
      command.addAll(files);
      long target = perDevice * options.devices;
      Window window = new Window();
      Instant from = Instant.now();
      ManagedProcess agent = keep(apps.start("agent-" + mode + "-" + stepNo, command, Map.of()));
      window.track("agent", agent.pid());
      Duration limit = Duration.ofSeconds(seconds * 4L + 90);
      long deadline = System.nanoTime() + limit.toNanos();
      while (agent.isAlive() && System.nanoTime() < deadline) {
        window.sample();
        Thread.sleep(250);
      }
      boolean exited = !agent.isAlive();
      if (!exited) {
        say("   the agent did not finish within " + limit.toSeconds() + " s; stopping it");
      }
      agent.close();
      started.remove(agent);
      // The agent logs this once every reading was taken and acknowledged; else it died early.
      String log = Files.readString(agent.log());
      if (exited && !log.contains("every reading taken and sent")) {
        say(
            "   the agent exited before it took and sent every reading"
                + (log.contains("OutOfMemoryError")
                    ? " (OutOfMemoryError with " + options.agentOpts + ": see " + agent.log() + ")"
                    : " (see " + agent.log() + ")")
                + "; the loss check below counts the readings it was set to take");
        exited = false;
      }
      boolean complete = exited && awaitStored(enterprise, target, window);
      return window.finish(mode, label, rate, enterprise, from, complete);
    }

    private Path writeConfig(String agent, List<String> ids, Duration interval) throws IOException {
      StringBuilder yaml = new StringBuilder();
      yaml.append("gateway:\n  uri: tcp://127.0.0.1:").append(mqttPort).append('\n');
      yaml.append("device:\n  enterprise: ").append(enterprise).append('\n');
      yaml.append("  id: ").append(agent).append('\n');
      yaml.append("  secret: \"").append(agentSecrets.get(agent)).append("\"\n");
      yaml.append("state-dir: state-").append(mode).append('-').append(agent).append('\n');
      if (mode.equals("single") || options.inflight != null) {
        yaml.append("publish:\n");
        if (mode.equals("single")) {
          yaml.append("  readings-per-message: 1\n");
        }
        if (options.inflight != null) {
          yaml.append("  max-inflight: ").append(options.inflight).append('\n');
        }
      }
      yaml.append("machines:\n");
      for (String id : ids) {
        yaml.append("  - device: ").append(id).append('\n');
        yaml.append("    simulator: { interval: ").append(interval);
        yaml.append(", seed: ").append(id.hashCode() & 0xffff);
        yaml.append(", max-readings: ").append(perDevice).append(" }\n");
      }
      Path file = work.resolve("agent-" + mode + "-" + agent + ".yaml");
      Files.writeString(file, yaml.toString());
      return file;
    }
  }

  // ---------------------------------------------------------------- light generator

  /** Devices of its own, each on its own MQTT connection, one reading per message. */
  private final class Generator implements AutoCloseable {
    final String enterprise;
    final List<MqttAsyncClient> clients = new ArrayList<>();
    final long[] seq;
    final AtomicLong acked = new AtomicLong();
    final AtomicLong errors = new AtomicLong();

    Generator(String enterprise) throws Exception {
      this.enterprise = enterprise;
      this.seq = new long[options.devices];
      List<String[]> logins = new ArrayList<>();
      for (int d = 0; d < options.devices; d++) {
        String id = String.format("g-d-%03d", d + 1);
        logins.add(new String[] {id + "@" + enterprise, client.deviceSecret(enterprise, id, id)});
      }
      // The gateway learns of new devices from the registry topic: retry until it admits them.
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      for (String[] login : logins) {
        while (true) {
          try {
            clients.add(connect(login[0], login[1]));
            break;
          } catch (MqttException e) {
            if (System.nanoTime() > deadline) {
              throw e;
            }
            Thread.sleep(500);
          }
        }
      }
    }

    private MqttAsyncClient connect(String user, String secret) throws MqttException {
      MqttAsyncClient c =
          new MqttAsyncClient("tcp://127.0.0.1:" + mqttPort, user, new MemoryPersistence());
      MqttConnectOptions o = new MqttConnectOptions();
      o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
      o.setUserName(user);
      o.setPassword(secret.toCharArray());
      o.setCleanSession(true);
      o.setAutomaticReconnect(false);
      o.setMaxInflight(65_535);
      try {
        c.connect(o).waitForCompletion(15_000);
      } catch (MqttException e) {
        c.close(true);
        throw e;
      }
      return c;
    }

    Step step(String label, long rate, int seconds, Map<String, Long> expected) throws Exception {
      IMqttActionListener listener =
          new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              acked.incrementAndGet();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              if (errors.incrementAndGet() == 1) {
                System.err.println("generator: a publish failed: " + e);
              }
            }
          };
      Window window = new Window();
      Instant from = Instant.now();
      long sentBefore = Arrays.stream(seq).sum();
      long start = System.nanoTime();
      long end = start + seconds * 1_000_000_000L;
      long sent = 0;
      int next = 0;
      long lastSample = start;
      while (true) {
        long now = System.nanoTime();
        if (now >= end) {
          break;
        }
        long due = (long) ((now - start) / 1e9 * rate);
        while (sent < due) {
          int d = next;
          next = (next + 1) % clients.size();
          long s = ++seq[d];
          try {
            clients.get(d).publish("telemetry", payload(d, s), 1, false, null, listener);
          } catch (MqttException e) {
            // Counted: the loss check will show the seq that never left.
            if (errors.incrementAndGet() == 1) {
              System.err.println("generator: publish refused: " + e);
            }
          }
          sent++;
        }
        if (now - lastSample > 250_000_000L) {
          window.sample();
          lastSample = now;
        }
        Thread.sleep(0, 200_000);
      }
      long target = sentBefore + sent;
      for (int d = 0; d < seq.length; d++) {
        expected.put(String.format("g-d-%03d", d + 1), seq[d]);
      }
      boolean complete = awaitStored(enterprise, target, window);
      return window.finish("generator", label, rate, enterprise, from, complete);
    }

    /** The agent's payload for one reading: a JSON array of one reading of 6 values. */
    private byte[] payload(int device, long s) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("state", s % 97 == 0 ? "IDLE" : "RUNNING");
      m.put("good_count", s);
      m.put("total_count", s + s / 33);
      m.put("power_kw", 11.25 + (s % 17) * 0.113);
      m.put("energy_kwh", s * 0.0042);
      m.put("temperature_c", 35 + ((s + device) % 23) * 0.11);
      byte[] one = codec.encodeDevicePayload(List.of(new Reading(s, Instant.now(), m)));
      byte[] array = new byte[one.length + 2];
      array[0] = '[';
      System.arraycopy(one, 0, array, 1, one.length);
      array[array.length - 1] = ']';
      return array;
    }

    @Override
    public void close() {
      for (MqttAsyncClient c : clients) {
        try {
          c.disconnect().waitForCompletion(5_000);
          c.close();
        } catch (MqttException e) {
          // the run is over
        }
      }
    }
  }

  // ---------------------------------------------------------------- measuring

  /** Waits until the enterprise's stored readings reach {@code target}, sampling meanwhile. */
  private boolean awaitStored(String enterprise, long target, Window window) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (stored(enterprise) >= target) {
        return true;
      }
      window.sample();
      Thread.sleep(100);
    }
    return stored(enterprise) >= target;
  }

  private long stored(String enterprise) throws Exception {
    try (PreparedStatement q =
        db.prepareStatement(
            "SELECT coalesce(sum(readings), 0) FROM device_status WHERE enterprise = ?")) {
      q.setString(1, enterprise);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** One step's processes: CPU at its start, RSS maxima while it runs. */
  private final class Window {
    final Map<String, Long> cpuAtStart = new LinkedHashMap<>();
    final Map<String, Long> rssMax = new LinkedHashMap<>();
    final Map<String, Long> tracked = new LinkedHashMap<>(pids);
    final long start = System.nanoTime();
    final long reapedAtStart = reapedChildrenTicks();
    final long pubacksAtStart = pubacks();

    Window() {
      tracked.put("bench JVM", ProcessHandle.current().pid());
      tracked.forEach((name, pid) -> cpuAtStart.put(name, cpuTicks(name, pid)));
      sample();
    }

    void track(String name, long pid) {
      tracked.put(name, pid);
    }

    void sample() {
      tracked.forEach(
          (name, pid) -> {
            long rss = name.equals("postgres") ? postgresPss(pid) : rss(pid);
            rssMax.merge(name, rss, Math::max);
          });
    }

    Step finish(
        String mode, String label, long rate, String enterprise, Instant from, boolean complete)
        throws Exception {
      double wall = (System.nanoTime() - start) / 1e9;
      long messages = pubacks() - pubacksAtStart;
      Map<String, Double> cores = new LinkedHashMap<>();
      double total = 0;
      for (Map.Entry<String, Long> e : tracked.entrySet()) {
        double c;
        if (e.getKey().equals("agent")) {
          // The agent has exited: its CPU time went to this JVM's reaped-children count.
          c = (reapedChildrenTicks() - reapedAtStart) / (double) TICKS / wall;
        } else {
          c = (cpuTicks(e.getKey(), e.getValue()) - cpuAtStart.get(e.getKey())) / (double) TICKS;
          c /= wall;
        }
        cores.put(e.getKey(), c);
        total += c;
      }
      cores.put("total", total);
      try (PreparedStatement q =
          db.prepareStatement(
              "SELECT count(*), min(ts), max(ts), max(c),"
                  + " percentile_disc(0.5) WITHIN GROUP (ORDER BY lag),"
                  + " percentile_disc(0.99) WITHIN GROUP (ORDER BY lag), max(lag)"
                  + " FROM (SELECT ts, pg_xact_commit_timestamp(xmin) AS c,"
                  + " extract(epoch FROM pg_xact_commit_timestamp(xmin) - ts) * 1000 AS lag"
                  + " FROM telemetry WHERE park = ? AND enterprise = ? AND ts >= ?) s")) {
        q.setString(1, PARK);
        q.setString(2, enterprise);
        q.setTimestamp(3, Timestamp.from(from));
        try (ResultSet rs = q.executeQuery()) {
          rs.next();
          long n = rs.getLong(1);
          if (n == 0) {
            return new Step(mode, label, rate, 0, messages, 0, 0, 0, 0, 0, false, cores, rssMax);
          }
          Instant first = rs.getTimestamp(2).toInstant();
          Instant last = rs.getTimestamp(3).toInstant();
          Instant committed = rs.getTimestamp(4).toInstant();
          double taken = n / Math.max(1e-3, Duration.between(first, last).toNanos() / 1e9);
          double storedRate =
              n / Math.max(1e-3, Duration.between(first, committed).toNanos() / 1e9);
          return new Step(
              mode,
              label,
              rate,
              n,
              messages,
              taken,
              storedRate,
              rs.getDouble(5),
              rs.getDouble(6),
              rs.getDouble(7),
              complete,
              cores,
              rssMax);
        }
      }
    }
  }

  /** The gateway's QoS 1 acknowledgements so far: the count of its PUBACK latency timer. */
  private long pubacks() {
    try {
      long total = 0;
      for (String line : metricsText().split("\n")) {
        if (line.startsWith("parkpulse_gateway_puback_latency_seconds_count")) {
          total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return total;
    } catch (Exception e) {
      return 0;
    }
  }

  private String metricsText() {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayHttp + "/q/metrics"))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** utime + stime of a process; for PostgreSQL, of the postmaster and all its backends. */
  private static long cpuTicks(String name, long pid) {
    long[] own = stat(pid);
    if (own == null) {
      return 0;
    }
    if (!name.equals("postgres")) {
      return own[0] + own[1];
    }
    // Backends that exited were reaped by the postmaster: their time is in its cutime/cstime.
    long total = own[0] + own[1] + own[2] + own[3];
    for (ProcessHandle child :
        ProcessHandle.of(pid).map(h -> h.children().toList()).orElse(List.of())) {
      long[] c = stat(child.pid());
      if (c != null) {
        total += c[0] + c[1];
      }
    }
    return total;
  }

  /** This JVM's reaped children's CPU: where an exited agent's time goes. */
  private static long reapedChildrenTicks() {
    long[] own = stat(ProcessHandle.current().pid());
    return own == null ? 0 : own[2] + own[3];
  }

  /** utime, stime, cutime, cstime from /proc/<pid>/stat, or null if it is gone. */
  private static long[] stat(long pid) {
    try {
      String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      // f[0] is field 3 (state): utime is field 14, so f[11]..f[14].
      return new long[] {
        Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])
      };
    } catch (Exception e) {
      return null;
    }
  }

  private static long rss(long pid) {
    return statusField(Path.of("/proc/" + pid + "/status"), "VmRSS:");
  }

  /** Proportional set size of the postmaster and its backends: shared buffers counted once. */
  private static long postgresPss(long pid) {
    long total = statusField(Path.of("/proc/" + pid + "/smaps_rollup"), "Pss:");
    for (ProcessHandle child :
        ProcessHandle.of(pid).map(h -> h.children().toList()).orElse(List.of())) {
      total += statusField(Path.of("/proc/" + child.pid() + "/smaps_rollup"), "Pss:");
    }
    return total;
  }

  private static long statusField(Path file, String field) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
      }
    } catch (Exception e) {
      // gone
    }
    return 0;
  }

  /**
   * Every device's readings 1..N stored exactly once: count, distinct seq, min and max per device
   * against N, the readings its source was set to take (the simulator's max-readings, the
   * generator's last seq); an agent that died early took fewer, which shows here as missing.
   */
  private String checkLoss(String enterprise, Map<String, Long> expected) throws Exception {
    Map<String, long[]> found = new TreeMap<>();
    try (PreparedStatement q =
        db.prepareStatement(
            "SELECT device, count(*), count(DISTINCT seq), min(seq), max(seq) FROM telemetry"
                + " WHERE park = ? AND enterprise = ? GROUP BY device")) {
      q.setString(1, PARK);
      q.setString(2, enterprise);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          found.put(
              rs.getString(1),
              new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
        }
      }
    }
    long total = 0;
    long missing = 0;
    long doubled = 0;
    List<String> bad = new ArrayList<>();
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      long n = e.getValue();
      long[] f = found.getOrDefault(e.getKey(), new long[] {0, 0, 0, 0});
      total += f[0];
      doubled += f[0] - f[1];
      boolean ok = f[0] == n && f[1] == n && (n == 0 || f[2] == 1 && f[3] == n);
      if (!ok) {
        missing += Math.max(0, n - f[1]);
        if (bad.size() < 5) {
          bad.add(
              String.format(
                  "%s: expected 1..%d, stored %d rows, %d distinct, seq %d..%d",
                  e.getKey(), n, f[0], f[1], f[2], f[3]));
        }
      }
    }
    if (bad.isEmpty()) {
      return String.format(
          "every seq 1..N stored exactly once for all %d devices (%,d readings)",
          expected.size(), total);
    }
    return String.format(
        "FAILED: %,d readings missing, %,d doubled; %s", missing, doubled, String.join("; ", bad));
  }

  private void summarise(Map<String, List<Step>> results, Map<String, String> losses) {
    say("");
    say("== summary (sustained: the highest step whose p99 lag stayed under the limit with every");
    say(
        "   reading stored; "
            + NPROC
            + " cores shared by the source, gateway, Kafka, platform and");
    say("   PostgreSQL; ThingsBoard's published figure: ~1,000 msg/s on a 2-vCPU c5.large, i.e.");
    say("   ~500 msg/s per vCPU)");
    for (Map.Entry<String, List<Step>> e : results.entrySet()) {
      Step best = null;
      for (Step s : e.getValue()) {
        if (s.passes(options.lagLimitMs)) {
          best = s;
        } else {
          break;
        }
      }
      String source = e.getKey().equals("generator") ? "light generator" : "real edge agent";
      if (best == null) {
        say(
            String.format(
                "%-9s (%s): no step passed; %s", e.getKey(), source, losses.get(e.getKey())));
        continue;
      }
      double perCpu = best.messagesPerSecond() / NPROC;
      say(
          String.format(
              "%-9s (%s): sustained %,.0f readings/s, %,.0f messages/s (offered %,d readings/s);"
                  + " lag p50 %,.0f ms, p99 %,.0f ms; %,.0f msg/s per vCPU = %.1f x 500; CPU"
                  + " total %.2f of %d cores; loss: %s",
              e.getKey(),
              source,
              best.storedPerSecond,
              best.messagesPerSecond(),
              best.offered,
              best.p50,
              best.p99,
              perCpu,
              perCpu / 500,
              best.cores.get("total"),
              NPROC,
              losses.get(e.getKey())));
    }
  }
}
