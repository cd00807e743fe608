package io.parkpulse.platform.jobs;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Runs a scheduled job once per period however many platform replicas run it, through a lease row
 * in PostgreSQL ({@code job_run}). The replica that claims a period runs it and renews its lease
 * while it runs; the others skip it. A period whose lease ran out before it finished (its replica
 * died, or lost the database for longer than the lease) is claimed by the next replica that asks.
 * Leases are judged by the database's clock, not the replicas'.
 *
 * <p>What a job does must be safe to do again for a period it was cut off in: the run after a
 * takeover starts the period over. Jobs split into parts (the assessment: a lease per park) only
 * repeat the unfinished part.
 */
@ApplicationScoped
public class JobLeases {

  private static final Logger LOG = Logger.getLogger(JobLeases.class);

  private final DataSource dataSource;
  private final String owner;
  private final ScheduledExecutorService renewals =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "job-lease-renewal");
            t.setDaemon(true);
            return t;
          });

  JobLeases(DataSource dataSource) {
    this.dataSource = dataSource;
    this.owner = hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Work a job does for one period. */
  @FunctionalInterface
  public interface Work {
    void run() throws Exception;
  }

  /** This replica's name in the lease rows. */
  public String owner() {
    return owner;
  }

  /**
   * Runs {@code work} for {@code job}'s {@code period} here, unless it ran already or another
   * replica holds it.
   *
   * @param lease how long a claim holds without renewal; renewed every third of it while running
   * @return whether it ran here
   * @throws Exception what {@code work} threw; the period is then free for the next claim
   */
  public boolean runOnce(String job, Instant period, Duration lease, Work work) throws Exception {
    if (!claim(job, period, lease)) {
      return false;
    }
    long every = Math.max(1, lease.toMillis() / 3);
    ScheduledFuture<?> renewal =
        renewals.scheduleAtFixedRate(
            () -> renew(job, period, lease), every, every, TimeUnit.MILLISECONDS);
    boolean done = false;
    try {
      work.run();
      done = true;
    } finally {
      renewal.cancel(false);
      end(job, period, done);
    }
    return true;
  }

  /** Claims the period: a new row, or one whose claim ran out before it finished. */
  boolean claim(String job, Instant period, Duration lease) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "INSERT INTO job_run AS r (job, period, owner, claimed_at, lease_until)"
                    + " VALUES (?, ?, ?, now(), now() + ?::interval)"
                    + " ON CONFLICT (job, period) DO UPDATE SET owner = EXCLUDED.owner,"
                    + " claimed_at = now(), lease_until = EXCLUDED.lease_until,"
                    + " attempts = r.attempts + 1"
                    + " WHERE r.finished_at IS NULL AND r.lease_until < now()"
                    + " RETURNING r.attempts")) {
      q.setString(1, job);
      q.setTimestamp(2, Timestamp.from(period));
      q.setString(3, owner);
      q.setString(4, lease.toMillis() + " milliseconds");
      try (ResultSet rs = q.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        if (rs.getInt(1) > 1) {
          LOG.infof(
              "job %s for %s: taken over by %s (attempt %d): the earlier claim ran out unfinished",
              job, period, owner, rs.getInt(1));
        }
        return true;
      }
    }
  }

  private void renew(String job, Instant period, Duration lease) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "UPDATE job_run SET lease_until = now() + ?::interval"
                    + " WHERE job = ? AND period = ? AND owner = ? AND finished_at IS NULL")) {
      q.setString(1, lease.toMillis() + " milliseconds");
      q.setString(2, job);
      q.setTimestamp(3, Timestamp.from(period));
      q.setString(4, owner);
      if (q.executeUpdate() == 0) {
        LOG.warnf(
            "job %s for %s: the lease was lost to another replica while running", job, period);
      }
    } catch (SQLException e) {
      LOG.warnf("job %s for %s: renewing the lease failed: %s", job, period, e.toString());
    }
  }

  /** Marks the period done, or, after a failure, frees it for the next claim at once. */
  private void end(String job, Instant period, boolean done) {
    String sql =
        done
            ? "UPDATE job_run SET finished_at = now() WHERE job = ? AND period = ? AND owner = ?"
            : "UPDATE job_run SET lease_until = now() WHERE job = ? AND period = ? AND owner = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement q = c.prepareStatement(sql)) {
      q.setString(1, job);
      q.setTimestamp(2, Timestamp.from(period));
      q.setString(3, owner);
      q.executeUpdate();
    } catch (SQLException e) {
      LOG.warnf(
          "job %s for %s: recording its end failed (%s); another replica may run it again once"
              + " the lease runs out",
          job, period, e.toString());
    }
  }

  /**
   * Forgets the runs of periods older than {@code keep}.
   *
   * @return how many were forgotten
   */
  public int prune(Duration keep) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q = c.prepareStatement("DELETE FROM job_run WHERE period < ?")) {
      q.setTimestamp(1, Timestamp.from(Instant.now().minus(keep)));
      return q.executeUpdate();
    }
  }

  @PreDestroy
  void stop() {
    renewals.shutdownNow();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "platform";
    }
  }
}
