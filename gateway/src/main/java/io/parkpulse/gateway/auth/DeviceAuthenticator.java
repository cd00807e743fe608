package io.parkpulse.gateway.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.gateway.registry.DeviceRegistry;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.RegistryEntry;
import io.parkpulse.model.SecretHash;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether a CONNECT may proceed: the username must be {@code {device}@{enterprise}} of a
 * registered, enabled device and the password its secret. Verifying a PBKDF2 hash is slow on
 * purpose, so a verified secret is remembered (as a SHA-256 fingerprint, with the hash it matched)
 * and a reconnect with the same secret costs one digest. Blocking: call it off the event loop.
 */
public final class DeviceAuthenticator {

  /** What became of a CONNECT. */
  public enum Outcome {
    ACCEPTED,
    MALFORMED_USERNAME,
    UNKNOWN_DEVICE,
    BAD_SECRET,
    DISABLED,
    RATE_LIMITED,
    NOT_READY;

    /** The tag value of the failure counter. */
    String tag() {
      return name().toLowerCase().replace('_', '-');
    }
  }

  /** An outcome, with the device's registry entry when it was accepted. */
  public record Result(Outcome outcome, Optional<RegistryEntry> entry) {
    static Result refused(Outcome outcome) {
      return new Result(outcome, Optional.empty());
    }
  }

  private record Verified(String secretHash, byte[] fingerprint) {}

  private final DeviceRegistry registry;
  private final FailureLimiter perSource;
  private final FailureLimiter perUsername;
  private final Map<DeviceRef, Verified> verified = new ConcurrentHashMap<>();
  private final Map<Outcome, Counter> failures = new EnumMap<>(Outcome.class);

  /**
   * @param limits how many failed logins a source address and a username may have per window
   */
  public DeviceAuthenticator(DeviceRegistry registry, Limits limits, MeterRegistry meters) {
    this.registry = registry;
    this.perSource = new FailureLimiter(limits.perSource(), limits.window(), System::nanoTime);
    this.perUsername = new FailureLimiter(limits.perUsername(), limits.window(), System::nanoTime);
    for (Outcome outcome : Outcome.values()) {
      if (outcome != Outcome.ACCEPTED) {
        failures.put(
            outcome,
            Counter.builder("parkpulse.gateway.auth.failures")
                .tag("reason", outcome.tag())
                .description("Refused connections")
                .register(meters));
      }
    }
  }

  /** Failed logins allowed per source address and per username within a window. */
  public record Limits(int perSource, int perUsername, Duration window) {}

  /**
   * Authenticates a CONNECT with {@code username} and {@code password} (either may be null) from
   * {@code source} (the client's address).
   */
  public Result authenticate(String username, String password, String source) {
    String user = String.valueOf(username);
    Result result;
    if (perSource.isBlocked(source) || perUsername.isBlocked(user)) {
      result = Result.refused(Outcome.RATE_LIMITED);
    } else {
      result = decide(username, password);
      if (result.outcome() != Outcome.ACCEPTED && result.outcome() != Outcome.NOT_READY) {
        perSource.recordFailure(source);
        perUsername.recordFailure(user);
      }
    }
    if (result.outcome() != Outcome.ACCEPTED) {
      failures.get(result.outcome()).increment();
    }
    return result;
  }

  private Result decide(String username, String password) {
    if (!registry.isCaughtUp()) {
      return Result.refused(Outcome.NOT_READY);
    }
    DeviceRef device;
    try {
      device = DeviceRef.fromUsername(username);
    } catch (IllegalArgumentException e) {
      return Result.refused(Outcome.MALFORMED_USERNAME);
    }
    Optional<RegistryEntry> found = registry.find(device);
    if (found.isEmpty()) {
      return Result.refused(Outcome.UNKNOWN_DEVICE);
    }
    RegistryEntry entry = found.get();
    if (!entry.enabled()) {
      return Result.refused(Outcome.DISABLED);
    }
    if (password == null || !secretMatches(device, entry.secretHash(), password)) {
      return Result.refused(Outcome.BAD_SECRET);
    }
    return new Result(Outcome.ACCEPTED, found);
  }

  private boolean secretMatches(DeviceRef device, String secretHash, String password) {
    byte[] fingerprint = SecretHash.fingerprint(password);
    Verified known = verified.get(device);
    if (known != null
        && known.secretHash().equals(secretHash)
        && MessageDigest.isEqual(known.fingerprint(), fingerprint)) {
      return true;
    }
    boolean matches;
    try {
      matches = SecretHash.verify(password, secretHash);
    } catch (IllegalArgumentException e) {
      matches = false;
    }
    if (matches) {
      verified.put(device, new Verified(secretHash, fingerprint));
    }
    return matches;
  }
}
