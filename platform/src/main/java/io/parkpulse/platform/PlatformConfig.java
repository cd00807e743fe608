package io.parkpulse.platform;

import io.parkpulse.model.KafkaConnectionConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the platform, under {@code parkpulse.platform}. */
@ConfigMapping(prefix = "parkpulse.platform")
public interface PlatformConfig {

  /** Prefix of every Kafka topic name. Default {@code parkpulse}. */
  @WithDefault("parkpulse")
  String topicPrefix();

  /**
   * How the scheduled jobs (the daily assessment, alarm evaluation, Kafka client sampling, storage
   * maintenance) are shared by the platform's replicas: each period is run by one of them.
   */
  interface Jobs {
    /**
     * How long a replica's claim on a job's period holds without renewal; a replica that dies
     * mid-job leaves the rest of it to another after this long. Default {@code 2M}.
     */
    @WithDefault("2M")
    Duration lease();

    /**
     * How often each replica looks for a daily assessment that is due and not done (a park not yet
     * assessed in the schedule's period). Default {@code 1M}.
     */
    @WithDefault("1M")
    Duration checkInterval();

    /**
     * How long after the schedule fired a period's assessment is still run: by a replica that
     * starts late, or that takes over from one that died. Default {@code 1H}.
     */
    @WithDefault("1H")
    Duration catchUp();
  }

  /** Kafka connection and topic layout. */
  Kafka kafka();

  /** The scheduled jobs, run once per period across the platform's replicas. */
  Jobs jobs();

  /** The telemetry ingest. */
  Ingest ingest();

  /** Alarm rules. */
  Alarms alarms();

  /** Maturity assessments. */
  Maturity maturity();

  /** Reports for download (the park's maturity as PDF). */
  Report report();

  /** Sign-in and the first administrator. */
  Auth auth();

  /** Telemetry partitions and retention. */
  Storage storage();

  /** Energy and carbon: the meter days measured from the rollups and the monthly records. */
  interface Energy {
    /**
     * How often each park's meter days are measured again from the 1-minute rollups and its closed
     * months' records published. Default {@code 15M}.
     */
    @WithDefault("15M")
    Duration interval();

    /**
     * Days before today measured again at each interval, for readings that arrive late (an agent's
     * store-and-forward after an outage). Default {@code 2}.
     */
    @WithDefault("2")
    int recomputeDays();

    /**
     * Days measured when a park has no meter day yet (the first run after an upgrade), within the
     * telemetry's retention. Default {@code 35}.
     */
    @WithDefault("35")
    int backfillDays();

    /**
     * Closed months whose records are checked and published again when their figures changed.
     * Default {@code 2}.
     */
    @WithDefault("2")
    int republishMonths();
  }

  /** The web portal. */
  Portal portal();

  /** Default limits of every enterprise, unless its park or itself sets others. */
  Limits limits();

  /** Notifications of alarms to the parks' and enterprises' channels. */
  Notifications notifications();

  /** Rollouts of the agents' managed configurations. */
  Fleet fleet();

  Energy energy();

  /**
   * Rollouts of the agents' managed configurations (docs/api.md, Fleet): advanced by one replica
   * per interval.
   */
  interface Fleet {
    /** How often running rollouts are advanced. Default {@code 2S}. */
    @WithDefault("2S")
    Duration interval();

    /**
     * How long, beyond its trial, an agent that took a configuration has to report the trial's
     * outcome before the rollout counts it as failed. Default {@code 60S}.
     */
    @WithDefault("60S")
    Duration reportGrace();

    /** How long an agent has to answer the configure command. Default {@code 15S}. */
    @WithDefault("15S")
    Duration answerTimeout();
  }

  /**
   * Notifications of alarms (docs/api.md, Notifications): planned and sent by one replica per
   * interval, retried with growing delays, dead after the last attempt.
   */
  interface Notifications {
    /** How often due notifications are planned and sent. Default {@code 5S}. */
    @WithDefault("5S")
    Duration interval();

    /** Attempts at one notification before it is marked dead. Default {@code 6}. */
    @WithDefault("6")
    int maxAttempts();

    /**
     * The wait after the first, second, … failed attempt; the last one repeats. Default {@code
     * 5S,30S,2M,10M,30M}.
     */
    @WithDefault("5S,30S,2M,10M,30M")
    List<Duration> retryDelays();

    /** How long one delivery (connecting and answering) may take. Default {@code 10S}. */
    @WithDefault("10S")
    Duration timeout();

    /**
     * How long after it became due an alarm's step (opened, escalated, resolved) is still notified:
     * older ones, found after a long outage or on a first start, are left out. Default {@code 24H}.
     */
    @WithDefault("24H")
    Duration maxAge();

    /**
     * Internal networks (loopback, private, link-local: the platform's own) that webhook and robot
     * channels may reach nonetheless, in CIDR notation ({@code 10.20.0.0/16}), for a park whose own
     * systems take webhooks on its LAN. Default none: a channel's URL with an internal address is
     * refused when saved, and a host name that resolves to one is refused at delivery.
     */
    Optional<List<String>> allowedNetworks();
  }

  /**
   * The limits the gateways enforce for an enterprise whose park and which itself set none
   * (docs/gateway.md, Limits). {@code 0} means no limit.
   */
  interface Limits {
    /** Connections an enterprise's devices may hold at once. Default {@code 1000}. */
    @WithDefault("1000")
    int maxConnections();

    /** MQTT messages per second of one device. Default {@code 100}. */
    @WithDefault("100")
    int deviceMessagesPerSecond();

    /** MQTT messages per second of all of an enterprise's devices. Default {@code 2000}. */
    @WithDefault("2000")
    int enterpriseMessagesPerSecond();

    /** Payload bytes per UTC day of one device. Default {@code 1073741824} (1 GiB). */
    @WithDefault("1073741824")
    long deviceBytesPerDay();

    /**
     * Payload bytes per UTC day of all of an enterprise's devices. Default {@code 21474836480} (20
     * GiB).
     */
    @WithDefault("21474836480")
    long enterpriseBytesPerDay();
  }

  /** Sign-in and the first administrator. */
  interface Auth {
    /** Id of the platform admin created on an empty database. Default {@code admin}. */
    @WithDefault("admin")
    String adminUser();

    /**
     * Password of that first admin; without it an empty database gets no admin (a warning says so).
     * Used once: change it after the first login. No default.
     */
    Optional<String> adminPassword();

    /**
     * Failed sign-ins one client address may have per window; beyond it the address is answered 429
     * before any password is checked. Default {@code 30}.
     */
    @WithDefault("30")
    int maxFailuresPerAddress();

    /**
     * Failed sign-ins one user name may have per window (known or not). Beyond it the name is
     * answered 429, unchecked, from the addresses that failed for it; from any other address its
     * password is still checked, so a stranger cannot keep the real user out. Default {@code 5}.
     */
    @WithDefault("5")
    int maxFailuresPerUser();

    /** The window in which those allowances are regained, evenly. Default {@code 15M}. */
    @WithDefault("15M")
    Duration failureWindow();

    /**
     * Whether the session cookie is marked {@code Secure}. Without it, the cookie is secure when
     * the sign-in came over HTTPS: directly, or through a trusted proxy's {@code
     * X-Forwarded-Proto}. Set {@code true} where TLS ends at a proxy the platform does not trust.
     */
    Optional<Boolean> secureCookies();

    /**
     * The longest an API token may live; a token created without an expiry gets this one. A token
     * created with a token lives no longer than the token that created it. Default {@code 90D}.
     */
    @WithDefault("90D")
    Duration tokenMaxTtl();

    /** How long a login session lasts. Default {@code 12H}. */
    @WithDefault("12H")
    Duration sessionTtl();
  }

  /** Alarm rules. */
  interface Alarms {
    /**
     * How often the rule engine re-reads the rules (rules are evaluated on every stored reading; a
     * rule added or changed applies within this time). Default {@code 10S}.
     */
    @WithDefault("10S")
    Duration rulesRefresh();

    /**
     * How often one replica checks the silence rules against the devices' last-seen times. Default
     * {@code 10S}.
     */
    @WithDefault("10S")
    Duration silenceCheck();

    /**
     * Most alarms not yet closed per enterprise; beyond it, new alarms are counted on one summary
     * alarm of the enterprise instead of opening. Default {@code 200}.
     */
    @WithDefault("200")
    int maxOpenPerEnterprise();

    /** When an alarm is flapping, for rules that do not say. */
    Flapping flapping();

    /** Flapping: {@code transitions} changes within {@code window}. */
    interface Flapping {
      /** Changes (raised or cleared) that make an alarm flapping. Default {@code 6}. */
      @WithDefault("6")
      int transitions();

      /** The window those changes are counted in. Default {@code 10M}. */
      @WithDefault("10M")
      Duration window();
    }
  }

  /** Maturity assessments. */
  interface Maturity {
    /** The bundled requirement catalog scored against. Default {@code default-v1}. */
    @WithDefault("default-v1")
    String catalog();

    /** The rolling window indicators are computed over. Default {@code 30D}. */
    @WithDefault("30D")
    Duration window();

    /**
     * When every enterprise is assessed (Quartz cron, server time zone). Default {@code 0 0 2 * *
     * ?}, at 02:00 every day.
     */
    @WithDefault("0 0 2 * * ?")
    String schedule();

    /**
     * How often the brokers' consumer groups are sampled for the enterprises' Kafka clients that O9
     * counts (docs/kafka-integration.md). Default {@code 5M}.
     */
    @WithDefault("5M")
    Duration kafkaClientSampling();

    /**
     * The MIIT scenarios (item ids) counted as mandatory (约束性) in the level rule. Default the ten
     * of the captured platform data and a consultant's tool (research note miit-2024.md, S3/S4,
     * medium confidence); another source counts nine, without {@code warehousing}. An unknown id
     * stops the start.
     */
    @WithDefault(
        "product-design,marketing,production-control,quality,equipment,safety,energy,purchasing,"
            + "warehousing,finance")
    List<String> miitMandatoryScenarios();
  }

  /** The web portal. */
  interface Portal {
    /**
     * The MQTT address edge agents reach the gateway at, written into the agent configuration that
     * the portal offers for a new device.
     */
    @WithDefault("tcp://localhost:1883")
    String gatewayUri();

    /**
     * The address people reach the portal at (e.g. {@code https://parkpulse.example.com}), for the
     * links in notifications; without it notifications carry no link.
     */
    Optional<String> publicUrl();
  }

  /** Reports for download. */
  interface Report {
    /**
     * TrueType fonts (.ttf, or .ttc collections) with Chinese glyphs for PDF reports, tried in
     * order; the first that exists and has them is embedded as a subset. Without one, PDF reports
     * show Chinese as {@code ?} and a warning says so. Default: the places of WenQuanYi Micro Hei
     * (Debian package {@code fonts-wqy-microhei}), WenQuanYi Zen Hei, Droid Sans Fallback and AR PL
     * UMing on Debian, Ubuntu and Fedora.
     */
    @WithDefault(
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc,"
            + "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc,"
            + "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc,"
            + "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf,"
            + "/usr/share/fonts/truetype/arphic/uming.ttc")
    List<String> font();
  }

  /** Telemetry partitions and retention. */
  interface Storage {
    /** Days of telemetry partitions created ahead of today (UTC). Default {@code 7}. */
    @WithDefault("7")
    int daysAhead();

    /** How often partitions are created ahead and expired ones dropped. Default {@code 1H}. */
    @WithDefault("1H")
    Duration maintenanceInterval();

    /**
     * How often closed days older than each park's hot window are compacted into one row per device
     * and hour. Default {@code 1H}.
     */
    @WithDefault("1H")
    Duration compactionInterval();

    /**
     * How often each point's closed days of the maturity window are summarised for the assessment
     * (samples, and how fresh each hour's last value was). Default {@code 1H}.
     */
    @WithDefault("1H")
    Duration daySummaryInterval();
  }

  /** Kafka connection and topic layout. */
  interface Kafka extends KafkaConnectionConfig {

    /** Partitions of each per-park topic the platform creates. Default {@code 3}. */
    @WithDefault("3")
    int partitions();

    /** Replication factor of the topics the platform creates. Default {@code 1}. */
    @WithDefault("1")
    short replicationFactor();

    /**
     * Replicas that must have a record before a write with {@code acks=all} succeeds ({@code
     * min.insync.replicas} of the topics the platform creates): 2 with 3 replicas, so that one
     * broker down loses nothing and takes nothing offline. Default {@code 1}.
     */
    @WithDefault("1")
    int minInsyncReplicas();

    /** The Kafka principals and ACLs the platform manages. */
    Access access();
  }

  /**
   * Kafka access the platform grants through the Admin API: the gateway's ACLs on every park's
   * topics, and the read-only credentials an operator issues to a park's integrators. Needs the
   * platform's own Kafka user to be a super user (the bundled Kafka makes it one).
   */
  interface Access {
    /**
     * Whether the platform manages ACLs and issues park credentials. Off for a cluster whose ACLs
     * are kept elsewhere (Strimzi {@code KafkaUser}s, a cloud console). Default {@code false}.
     */
    @WithDefault("false")
    boolean enabled();

    /** The gateway's SASL user, granted what the gateway needs. Default {@code gateway}. */
    @WithDefault("gateway")
    String gatewayUser();

    /**
     * The bootstrap servers an integrator is told to use with a park credential, when they differ
     * from the platform's (an external listener). The platform's own when not set.
     */
    Optional<String> publicBootstrapServers();
  }

  /** The consumer that writes telemetry to PostgreSQL. */
  interface Ingest {
    /** Kafka consumer group of the platform's ingest. Default {@code parkpulse-platform-ingest}. */
    @WithDefault("parkpulse-platform-ingest")
    String groupId();

    /**
     * How long the group waits for a silent instance (killed, or cut off) before it gives its
     * partitions to the others. A stopped instance leaves at once. Default {@code 10S}.
     */
    @WithDefault("10S")
    Duration sessionTimeout();

    /** Most records written to PostgreSQL in one transaction. Default {@code 10000}. */
    @WithDefault("10000")
    int maxBatch();

    /**
     * Consumers in this instance, each with its own PostgreSQL connection, writing in parallel. A
     * device's records are in one partition, so a device is only ever written by one of them. More
     * than one pays on machines with more than two cores. Default {@code 1}.
     */
    @WithDefault("1")
    int consumers();

    /** Longest wait between retries while PostgreSQL is unavailable. Default {@code 30S}. */
    @WithDefault("30S")
    Duration maxRetryBackoff();

    /**
     * How often a batch is retried while PostgreSQL refuses it for a reason someone must fix (the
     * credentials, the database, the schema): readiness is down meanwhile, and ingest resumes
     * within this time of the fix. Default {@code 5S}.
     */
    @WithDefault("5S")
    Duration permanentErrorRetry();

    /**
     * How long the ingest keeps the devices' derived points before it reads them again: a changed
     * profile, or a device given another profile, applies to readings ingested within this time.
     * Default {@code 10S}.
     */
    @WithDefault("10S")
    Duration derivedPointsRefresh();
  }
}
