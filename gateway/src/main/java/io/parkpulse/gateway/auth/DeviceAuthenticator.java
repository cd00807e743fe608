package io.parkpulse.gateway.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.gateway.registry.DeviceRegistry;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.FailureLimiter;
import io.parkpulse.model.RegistryEntry;
import io.parkpulse.model.SecretHash;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Decides whether a CONNECT may proceed: the username must be {@code {device}@{enterprise}} of a
 * registered, enabled device and the password its secret. Verifying a PBKDF2 hash is slow on
 * purpose, so a verified secret is remembered (as a SHA-256 fingerprint, with the hash it matched)
 * and a reconnect with the same secret costs one digest. Over TLS, a client certificate may stand
 * in for the secret ({@link ClientCertificates}); a username sent with it must name the same
 * device, and the password is not looked at. Blocking: call it off the event loop.
 *
 * <p>Failed logins are throttled so that nobody can keep a device out. A source address that failed
 * too often is refused before any hashing. A username that failed too often (someone guessing its
 * secret) is refused only to sources that failed for it within the window; any other source is
 * still checked, so the real device gets in. A secret the gateway verified before is accepted
 * whatever the counts say, since checking it costs one digest.
 */
public final class DeviceAuthenticator {

  /** What became of a CONNECT. */
  public enum Outcome {
    ACCEPTED,
    MALFORMED_USERNAME,
    UNKNOWN_DEVICE,
    BAD_SECRET,
    DISABLED,
    /**
     * The certificate's subject does not name a device ({@code CN} device, {@code O} enterprise).
     */
    MALFORMED_CERTIFICATE,
    /**
     * The certificate does not lead to the CA of the enterprise it names, that enterprise has none,
     * or the device it names is not registered.
     */
    UNTRUSTED_CERTIFICATE,
    /** A certificate of the chain, or the enterprise's CA, is expired or not yet valid. */
    EXPIRED_CERTIFICATE,
    /** The username names another device than the certificate. */
    USERNAME_MISMATCH,
    RATE_LIMITED,
    NOT_READY,
    /** Too many logins wait for a check: refused unchecked, to be tried again later. */
    BUSY;

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
  private final ClientCertificates certificates;
  private final FailureLimiter perSource;
  private final FailureLimiter perUsername;

  /** Whether a source failed for a username within the window: one failure blocks the pair. */
  private final FailureLimiter perPair;

  private final Map<DeviceRef, Verified> verified = new ConcurrentHashMap<>();
  private final Map<Outcome, Counter> failures = new EnumMap<>(Outcome.class);

  /**
   * @param limits how many failed logins a source address and a username may have per window
   */
  public DeviceAuthenticator(DeviceRegistry registry, Limits limits, MeterRegistry meters) {
    this(registry, limits, new ClientCertificates(Clock.systemUTC()), meters);
  }

  /**
   * @param certificates what judges client certificates (with the clock certificates are dated by)
   */
  public DeviceAuthenticator(
      DeviceRegistry registry,
      Limits limits,
      ClientCertificates certificates,
      MeterRegistry meters) {
    this.registry = registry;
    this.certificates = certificates;
    this.perSource = new FailureLimiter(limits.perSource(), limits.window(), System::nanoTime);
    this.perUsername = new FailureLimiter(limits.perUsername(), limits.window(), System::nanoTime);
    this.perPair = new FailureLimiter(1, limits.window(), System::nanoTime);
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
    if (remembers(username, password)) {
      // The secret this gateway verified before for this device: no hashing, so no throttling.
      // Someone else's failures never keep the device out.
      return judge(user, source, () -> decide(username, password));
    }
    if (perSource.isBlocked(source)
        || (perUsername.isBlocked(user) && perPair.isBlocked(pair(user, source)))) {
      return count(Result.refused(Outcome.RATE_LIMITED));
    }
    return judge(user, source, () -> decide(username, password));
  }

  /**
   * Authenticates a CONNECT over TLS by the client's certificate {@code chain} (its own first),
   * with {@code username} if it sent one (null or empty if not), from {@code source}.
   */
  public Result authenticateCertificate(
      List<X509Certificate> chain, String username, String source) {
    Optional<DeviceRef> named = ClientCertificates.deviceOf(chain.get(0));
    String user = named.map(DeviceRef::username).orElse(String.valueOf(username));
    // A certificate is checked without hashing, so a source that failed too often is refused and
    // a username that others failed for is not: the device's own certificate always counts.
    if (perSource.isBlocked(source)) {
      return count(Result.refused(Outcome.RATE_LIMITED));
    }
    return judge(user, source, () -> decide(chain, named, username));
  }

  /**
   * Whether the certificate {@code chain} a device logged in with still leads to its enterprise's
   * CA, now that {@code entry} (with other CAs) replaced the one it logged in against.
   */
  public boolean stillTrusted(List<X509Certificate> chain, RegistryEntry entry) {
    return certificates.verify(chain, entry.trustAnchors()) == ClientCertificates.Verdict.TRUSTED;
  }

  /** A login refused unchecked because too many wait for a check; counted as such. */
  public Result busy() {
    return count(Result.refused(Outcome.BUSY));
  }

  /** Decides, and counts a failure against the source and the username. */
  private Result judge(String user, String source, Supplier<Result> decision) {
    Result result = decision.get();
    if (result.outcome() != Outcome.ACCEPTED && result.outcome() != Outcome.NOT_READY) {
      perSource.recordFailure(source);
      perUsername.recordFailure(user);
      perPair.recordFailure(pair(user, source));
    }
    return count(result);
  }

  private static String pair(String user, String source) {
    return user + '\n' + source;
  }

  private Result count(Result result) {
    if (result.outcome() != Outcome.ACCEPTED) {
      failures.get(result.outcome()).increment();
    }
    return result;
  }

  /** Whether {@code password} is the secret this gateway last verified for {@code username}. */
  private boolean remembers(String username, String password) {
    if (username == null || password == null) {
      return false;
    }
    DeviceRef device;
    try {
      device = DeviceRef.fromUsername(username);
    } catch (IllegalArgumentException e) {
      return false;
    }
    Verified known = verified.get(device);
    return known != null
        && MessageDigest.isEqual(known.fingerprint(), SecretHash.fingerprint(password));
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

  private Result decide(List<X509Certificate> chain, Optional<DeviceRef> named, String username) {
    if (!registry.isCaughtUp()) {
      return Result.refused(Outcome.NOT_READY);
    }
    if (named.isEmpty()) {
      return Result.refused(Outcome.MALFORMED_CERTIFICATE);
    }
    DeviceRef device = named.get();
    if (username != null && !username.isEmpty() && !username.equals(device.username())) {
      return Result.refused(Outcome.USERNAME_MISMATCH);
    }
    // An unregistered device has no CA to check against: the same answer as a foreign CA's, so
    // that a self-made certificate does not tell which devices exist.
    Optional<RegistryEntry> found = registry.find(device);
    if (found.isEmpty()) {
      return Result.refused(Outcome.UNTRUSTED_CERTIFICATE);
    }
    RegistryEntry entry = found.get();
    switch (certificates.verify(chain, entry.trustAnchors())) {
      case EXPIRED -> {
        return Result.refused(Outcome.EXPIRED_CERTIFICATE);
      }
      case UNTRUSTED -> {
        return Result.refused(Outcome.UNTRUSTED_CERTIFICATE);
      }
      case TRUSTED -> {
        // go on
      }
    }
    if (!entry.enabled()) {
      return Result.refused(Outcome.DISABLED);
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
