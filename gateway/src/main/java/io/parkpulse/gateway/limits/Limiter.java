package io.parkpulse.gateway.limits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.RegistryEntry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Enforces the limits the registry carries for each device and its enterprise: connections of the
 * enterprise, messages per second and payload bytes per UTC day of the device and of the
 * enterprise. It reads the device's current registry entry for every decision, so a limit changed
 * by the platform applies to connected devices at their next message.
 *
 * <p>A message over a rate is throttled: {@link Admission#delayNanos()} says how long the gateway
 * holds it back, so that the device's (and the enterprise's) messages reach Kafka at their rate. A
 * device that stays ahead of its rate by more than {@code rateTolerance} (a device publishing at
 * twice its rate for that long, at three times for half of it) is refused. A message over a daily
 * quota is refused.
 *
 * <p>Everything is counted by this gateway instance alone: the enterprise-wide limits (connections,
 * enterprise messages per second and bytes per day) are divided by {@code instances}, the number of
 * gateway instances the devices are spread over, asked at each decision (it follows the live
 * gateways: {@link LiveGateways}). Device limits are not divided: a device is connected to one
 * instance at a time.
 */
public final class Limiter {

  /** Settings of the enforcement; see {@code GatewayConfig.Limits}. */
  public record Settings(Duration rateTolerance, IntSupplier instances) {
    /** A fixed number of instances. */
    public Settings(Duration rateTolerance, int instances) {
      this(rateTolerance, fixed(instances));
    }

    private static IntSupplier fixed(int instances) {
      if (instances < 1) {
        throw new IllegalArgumentException(
            "parkpulse.gateway.limits.instances must be at least 1, not " + instances);
      }
      return () -> instances;
    }
  }

  /** What becomes of one message. */
  public record Admission(Verdict verdict, Limit limit, long delayNanos) {
    static final Admission ACCEPTED = new Admission(Verdict.ACCEPTED, null, 0);
  }

  /**
   * Accepted at once, accepted after a delay, or refused (then {@link Admission#limit()} says why).
   */
  public enum Verdict {
    ACCEPTED,
    THROTTLED,
    REFUSED
  }

  private final Function<DeviceRef, Optional<RegistryEntry>> registry;
  private final long toleranceNanos;
  private final IntSupplier instances;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final MeterRegistry meters;
  private final Map<String, Usage> enterprises = new ConcurrentHashMap<>();
  private final Map<DeviceRef, Usage> devices = new ConcurrentHashMap<>();

  /**
   * @param registry the current registry entry of a device
   * @param clock the UTC day of the byte quotas
   * @param nanoTime the clock of the message rates
   */
  public Limiter(
      Function<DeviceRef, Optional<RegistryEntry>> registry,
      Settings settings,
      Clock clock,
      LongSupplier nanoTime,
      MeterRegistry meters) {
    this.registry = registry;
    this.toleranceNanos = settings.rateTolerance().toNanos();
    this.instances = settings.instances();
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.meters = meters;
  }

  /**
   * Takes a connection of {@code entry}'s enterprise, if it has one left on this instance.
   *
   * @return false, taking nothing, if the enterprise has all its connections (counted)
   */
  public boolean tryConnect(RegistryEntry entry) {
    RegistryEntry current = current(entry);
    int max = share(current.limits().maxConnections());
    Usage usage = enterprise(current);
    synchronized (usage) {
      if (max > 0 && usage.connections >= max) {
        count("refused", current, Limit.CONNECTIONS);
        return false;
      }
      usage.connections++;
      return true;
    }
  }

  /** Gives back a connection taken by {@link #tryConnect}. */
  public void disconnected(RegistryEntry entry) {
    Usage usage = enterprise(entry);
    synchronized (usage) {
      usage.connections = Math.max(0, usage.connections - 1);
    }
  }

  /** Connections of {@code enterprise} on this instance. */
  public int connections(String enterprise) {
    Usage usage = enterprises.get(enterprise);
    if (usage == null) {
      return 0;
    }
    synchronized (usage) {
      return usage.connections;
    }
  }

  /**
   * Decides about one PUBLISH of {@code bytes} payload bytes by the device of {@code entry} (the
   * connection's device: a gateway device's limits cover what it publishes for the devices it
   * fronts). A refusal is counted; a throttled message is counted and its tokens and bytes are
   * taken, as are an accepted one's.
   */
  public Admission admit(RegistryEntry entry, long bytes) {
    RegistryEntry current = current(entry);
    RegistryEntry.Limits limits = current.limits();
    if (limits.equals(RegistryEntry.Limits.NONE)) {
      // An entry without limits (written by a tool, or the benchmarks): nothing to count. Bytes it
      // sends now do not count against a quota it is given later today.
      return Admission.ACCEPTED;
    }
    Usage device = device(current);
    Usage enterprise = enterprise(current);
    TokenBucket deviceRate = device.bucket(limits.deviceMessagesPerSecond(), nanoTime);
    TokenBucket enterpriseRate =
        enterprise.bucket(share(limits.enterpriseMessagesPerSecond()), nanoTime);
    long deviceWait = deviceRate == null ? 0 : deviceRate.waitNanos();
    long enterpriseWait = enterpriseRate == null ? 0 : enterpriseRate.waitNanos();
    if (deviceWait > toleranceNanos) {
      return refuse(current, Limit.DEVICE_RATE);
    }
    if (enterpriseWait > toleranceNanos) {
      return refuse(current, Limit.ENTERPRISE_RATE);
    }
    if (!device.quota.tryUse(bytes, limits.deviceBytesPerDay())) {
      return refuse(current, Limit.DEVICE_BYTES);
    }
    if (!enterprise.quota.tryUse(bytes, shareBytes(limits.enterpriseBytesPerDay()))) {
      device.quota.giveBack(bytes);
      return refuse(current, Limit.ENTERPRISE_BYTES);
    }
    if (deviceRate != null) {
      deviceRate.take();
    }
    if (enterpriseRate != null) {
      enterpriseRate.take();
    }
    if (deviceWait == 0 && enterpriseWait == 0) {
      return Admission.ACCEPTED;
    }
    Limit limit = deviceWait >= enterpriseWait ? Limit.DEVICE_RATE : Limit.ENTERPRISE_RATE;
    count("throttled", current, limit);
    return new Admission(Verdict.THROTTLED, limit, Math.max(deviceWait, enterpriseWait));
  }

  /**
   * Counts a QoS 0 message of {@code entry}'s device that was held back for a message rate and
   * dropped because its connection ended first (QoS 1 and 2 ones are sent again by the device).
   */
  public void droppedHeldBack(RegistryEntry entry) {
    Counter.builder("parkpulse.gateway.limit.dropped")
        .description(
            "QoS 0 messages held back for a message rate, dropped as their connection ended")
        .tag("park", entry.park())
        .tag("enterprise", entry.device().enterprise())
        .register(meters)
        .increment();
  }

  /** Payload bytes the device of {@code entry} published today (UTC) through this instance. */
  public long bytesToday(DeviceRef device) {
    Usage usage = devices.get(device);
    return usage == null ? 0 : usage.quota.used();
  }

  private Admission refuse(RegistryEntry entry, Limit limit) {
    count("refused", entry, limit);
    return new Admission(Verdict.REFUSED, limit, 0);
  }

  private void count(String what, RegistryEntry entry, Limit limit) {
    Counter.builder("parkpulse.gateway.limit." + what)
        .description(
            what.equals("refused")
                ? "Connections and messages refused for a limit"
                : "Messages held back to keep a device or enterprise within its message rate")
        .tag("park", entry.park())
        .tag("enterprise", entry.device().enterprise())
        .tag("reason", limit.tag())
        .register(meters)
        .increment();
  }

  private RegistryEntry current(RegistryEntry entry) {
    return registry.apply(entry.device()).orElse(entry);
  }

  private Usage enterprise(RegistryEntry entry) {
    return enterprises.computeIfAbsent(entry.device().enterprise(), e -> new Usage(clock));
  }

  private Usage device(RegistryEntry entry) {
    return devices.computeIfAbsent(entry.device(), d -> new Usage(clock));
  }

  /** This instance's share of an enterprise-wide limit; never 0 (no limit) for a set one. */
  private int share(int limit) {
    return limit == 0 ? 0 : Math.max(1, limit / Math.max(1, instances.getAsInt()));
  }

  private long shareBytes(long limit) {
    return limit == 0 ? 0 : Math.max(1, limit / Math.max(1, instances.getAsInt()));
  }

  /** What a device or an enterprise used. */
  private static final class Usage {
    final DailyQuota quota;
    int connections;
    private TokenBucket bucket;

    Usage(Clock clock) {
      this.quota = new DailyQuota(clock);
    }

    /** The bucket at {@code rate}, or null for no limit. */
    synchronized TokenBucket bucket(int rate, LongSupplier nanoTime) {
      if (rate == 0) {
        bucket = null;
      } else if (bucket == null) {
        bucket = new TokenBucket(rate, nanoTime);
      } else {
        bucket.rate(rate);
      }
      return bucket;
    }
  }
}
