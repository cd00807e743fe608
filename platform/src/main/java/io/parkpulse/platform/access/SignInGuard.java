package io.parkpulse.platform.access;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.model.FailureLimiter;
import io.parkpulse.model.LogSafe;
import io.parkpulse.platform.PlatformConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Throttles failed sign-ins before any password is hashed, so that sign-in can be used neither to
 * guess passwords, nor to lock a real user out, nor to burn the platform's CPU, nor to learn which
 * users exist:
 *
 * <ul>
 *   <li>an address with too many failures is refused, whatever the user;
 *   <li>a user name with too many failures is refused to the addresses that failed for it within
 *       the window, and checked as usual from any other address;
 *   <li>known and unknown user names are counted alike.
 * </ul>
 *
 * Every outcome is counted ({@code parkpulse_platform_sign_ins_total{outcome}}) and every failure
 * logged with the name (made safe for the log) and the address. Counts live in each replica's
 * memory: with N replicas behind a load balancer, an attacker gets at most N times the allowance.
 */
@ApplicationScoped
public class SignInGuard {

  private static final Logger LOG = Logger.getLogger(SignInGuard.class);

  private final FailureLimiter perAddress;
  private final FailureLimiter perUser;

  /** One failure of a user from an address blocks that pair for the window. */
  private final FailureLimiter perPair;

  private final Counter accepted;
  private final Counter refused;
  private final Counter throttled;

  @Inject
  SignInGuard(PlatformConfig config, MeterRegistry meters) {
    this(
        config.auth().maxFailuresPerAddress(),
        config.auth().maxFailuresPerUser(),
        config.auth().failureWindow(),
        meters,
        System::nanoTime);
  }

  SignInGuard(
      int perAddress, int perUser, Duration window, MeterRegistry meters, LongSupplier nanoTime) {
    this.perAddress = new FailureLimiter(perAddress, window, nanoTime);
    this.perUser = new FailureLimiter(perUser, window, nanoTime);
    this.perPair = new FailureLimiter(1, window, nanoTime);
    this.accepted = counter(meters, "accepted", "sign-ins with the right password");
    this.refused = counter(meters, "refused", "sign-ins checked and refused");
    this.throttled = counter(meters, "throttled", "sign-ins refused before any check");
  }

  private static Counter counter(MeterRegistry meters, String outcome, String description) {
    return Counter.builder("parkpulse.platform.sign.ins")
        .tag("outcome", outcome)
        .description("Sign-in attempts: " + description)
        .register(meters);
  }

  /**
   * How long {@code user} must wait before signing in from {@code address}, if this attempt is to
   * be refused unchecked; empty if its password may be checked.
   */
  Optional<Duration> refusal(String user, String address) {
    Duration wait = Duration.ZERO;
    if (perAddress.isBlocked(address)) {
      wait = perAddress.retryAfter(address);
    } else if (perUser.isBlocked(user) && perPair.isBlocked(pair(user, address))) {
      wait = perPair.retryAfter(pair(user, address));
    }
    if (wait.isZero()) {
      return Optional.empty();
    }
    throttled.increment();
    LOG.infof(
        "sign-in of %s from %s refused unchecked: too many failures",
        LogSafe.identity(user), address);
    return Optional.of(wait);
  }

  /** The password was checked and was wrong, or the user is unknown or disabled. */
  void failed(String user, String address) {
    perAddress.recordFailure(address);
    perUser.recordFailure(user);
    perPair.recordFailure(pair(user, address));
    refused.increment();
    LOG.infof("sign-in of %s from %s refused", LogSafe.identity(user), address);
  }

  /** The password was right. */
  void succeeded() {
    accepted.increment();
  }

  private static String pair(String user, String address) {
    return user + '\n' + address;
  }
}
