package io.parkpulse.platform.notifications;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.model.Ids;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.audit.AuditLog;
import io.parkpulse.platform.notifications.jobs.NotificationDelivery;
import io.parkpulse.platform.notifications.readmodel.NotificationLog;
import io.parkpulse.platform.notifications.readmodel.NotificationLog.NotificationView;
import io.parkpulse.platform.notifications.send.Destinations;
import io.parkpulse.platform.notifications.send.Messages;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A park's and an enterprise's notification channels and escalation levels, and what was sent. The
 * park's channels are its operator's; an enterprise's are its admin's (and its park operator's).
 * Every change is audited, secrets never: they are stored and only said to be set.
 */
@ApplicationScoped
public class NotificationService {

  static final Set<String> KINDS = Set.of("webhook", "wecom", "dingtalk", "email");
  static final List<String> SEVERITIES = List.of("info", "warning", "critical");
  static final Set<String> LANGUAGES = Set.of("zh", "en");
  private static final Pattern ADDRESS = Pattern.compile("[^@\\s,<>]+@[^@\\s,<>]+\\.[^@\\s,<>]+");

  private final NotificationChannelRepository channels;
  private final EscalationLevelRepository levels;
  private final TenancyGate gate;
  private final AuditLog audit;
  private final Workers workers;
  private final NotificationDelivery delivery;
  private final NotificationLog log;
  private final Destinations destinations;

  NotificationService(
      NotificationChannelRepository channels,
      EscalationLevelRepository levels,
      TenancyGate gate,
      AuditLog audit,
      Workers workers,
      NotificationDelivery delivery,
      NotificationLog log,
      Destinations destinations) {
    this.channels = channels;
    this.levels = levels;
    this.gate = gate;
    this.audit = audit;
    this.workers = workers;
    this.delivery = delivery;
    this.log = log;
    this.destinations = destinations;
  }

  /**
   * Whose channels: a park's (enterprise null) or an enterprise's.
   *
   * @param park the park of the path, or null on an enterprise's path
   * @param enterprise the enterprise of the path, or null on a park's path
   */
  public record Owner(String park, String enterprise) {
    public static Owner park(String park) {
      return new Owner(park, null);
    }

    public static Owner enterprise(String enterprise) {
      return new Owner(null, enterprise);
    }
  }

  /**
   * A channel as set. On update, {@code url}, {@code to} and {@code secret} left out keep what the
   * channel has; {@code secret} {@code ""} removes it.
   *
   * @param kind webhook, wecom, dingtalk or email
   * @param url for webhook, wecom and dingtalk: where to POST
   * @param to for email: the addresses
   * @param secret webhook: the HMAC key of the signature; dingtalk: the robot's signing secret
   * @param minSeverity info, warning (default) or critical: the least severity told
   * @param language zh (default) or en
   * @param level 1 (default) to 5: the contact level
   * @param perMinute 1 to 600, default 20: the most messages per minute; more wait
   */
  public record ChannelRequest(
      String id,
      String name,
      String kind,
      String url,
      List<String> to,
      String secret,
      String minSeverity,
      String language,
      Integer level,
      Integer perMinute,
      Boolean enabled) {}

  /**
   * A channel as the API shows it: the URL with its query values (a robot's key or token) as {@code
   * ***}, and whether a secret is set, never the secret.
   */
  public record ChannelView(
      String id,
      String park,
      String enterprise,
      String name,
      String kind,
      String url,
      List<String> to,
      boolean secretSet,
      String minSeverity,
      String language,
      int level,
      int perMinute,
      boolean enabled,
      Instant createdAt) {
    static ChannelView of(NotificationChannel c) {
      boolean email = "email".equals(c.kind);
      return new ChannelView(
          c.id,
          c.parkId,
          c.enterpriseId,
          c.name,
          c.kind,
          email ? null : redact(c.target),
          email ? List.of(c.target.split(",")) : null,
          c.secret != null,
          c.minSeverity,
          c.language,
          c.level,
          c.perMinute,
          c.enabled,
          c.createdAt);
    }
  }

  /** How a test message went. */
  public record TestResult(
      long notification, boolean delivered, Integer httpStatus, String error) {}

  /**
   * When level {@code level} (2 to 5) is told of an alarm still unacknowledged, in seconds after it
   * was raised (a flapping alarm: after it opened), per severity; a severity left out: the alarm's
   * SLA times {@code level - 1}.
   */
  public record LevelView(
      int level, Integer infoSeconds, Integer warningSeconds, Integer criticalSeconds) {}

  /** The escalation levels of a park or an enterprise. */
  public record Escalation(List<LevelView> levels) {}

  /** The owner's channels, by id. */
  @WithSession
  public Uni<List<ChannelView>> list(Caller caller, Owner owner) {
    return resolve(caller, owner)
        .flatMap(
            o ->
                channels.list(
                    "parkId = ?1 and "
                        + (o.enterprise() == null ? "enterpriseId is null" : "enterpriseId = ?2"),
                    Sort.by("id"),
                    o.enterprise() == null
                        ? new Object[] {o.park()}
                        : new Object[] {o.park(), o.enterprise()}))
        .map(list -> list.stream().map(ChannelView::of).toList());
  }

  @WithTransaction
  public Uni<ChannelView> create(Caller caller, Owner owner, ChannelRequest r) {
    require(r != null, "body", "is required");
    require(Ids.isValid(r.id()), "id", "must match " + Ids.SLUG.pattern());
    return resolve(caller, owner)
        .flatMap(
            o -> {
              NotificationChannel c = new NotificationChannel();
              c.id = r.id();
              c.parkId = o.park();
              c.enterpriseId = o.enterprise();
              apply(c, r, true);
              return channels
                  .findById(r.id())
                  .flatMap(
                      existing -> {
                        if (existing != null) {
                          throw ApiErrors.conflict(
                              "notification channel id '" + r.id() + "' is taken");
                        }
                        return channels.persist(c);
                      });
            })
        .call(c -> audit(caller, "notification-channel.create", c))
        .map(ChannelView::of);
  }

  @WithTransaction
  public Uni<ChannelView> update(Caller caller, Owner owner, String id, ChannelRequest r) {
    require(r != null, "body", "is required");
    return channel(caller, owner, id)
        .invoke(c -> apply(c, r, false))
        .call(c -> audit(caller, "notification-channel.update", c))
        .map(ChannelView::of);
  }

  /** Removes a channel; what it was sent stays recorded, what waits for it is cancelled. */
  @WithTransaction
  public Uni<Void> delete(Caller caller, Owner owner, String id) {
    return channel(caller, owner, id)
        .call(c -> audit(caller, "notification-channel.delete", c))
        .call(channels::delete)
        .replaceWithVoid();
  }

  /** Sends the channel's test message now, once, and says how it went. */
  public Uni<TestResult> test(Caller caller, Owner owner, String id) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    return Panache.withTransaction(
            () ->
                channel(caller, owner, id)
                    .call(c -> audit(caller, "notification-channel.test", c))
                    .map(c -> new String[] {c.id, c.name, c.language, c.parkId, c.enterpriseId}))
        .flatMap(
            c ->
                workers.run(
                    () -> delivery.test(c[0], c[3], c[4], Messages.test(c[1], c[2], now), now)))
        .map(
            sent ->
                new TestResult(
                    sent.notification(),
                    sent.delivery().ok(),
                    sent.delivery().httpStatus(),
                    sent.delivery().error()));
  }

  /** A channel's latest notifications, newest first. */
  public Uni<List<NotificationView>> sent(Caller caller, Owner owner, String id, int limit) {
    require(limit >= 1 && limit <= 1000, "limit", "must be between 1 and 1000");
    return Panache.withSession(() -> channel(caller, owner, id))
        .flatMap(c -> workers.run(() -> log.ofChannel(c.id, limit)));
  }

  /**
   * What was sent about an alarm, to whom, and how it went; for whoever sees the alarm. An
   * enterprise's people see what went to their enterprise's channels, not the park operator's.
   */
  public Uni<List<NotificationView>> ofAlarm(Caller caller, long alarm) {
    return workers
        .run(() -> log.alarm(alarm))
        .invoke(
            owner -> {
              NotificationLog.AlarmOwner a =
                  owner.orElseThrow(() -> ApiErrors.notFound("alarm", Long.toString(alarm)));
              gate.requireVisible(caller, a.park(), a.enterprise(), "alarm", Long.toString(alarm));
            })
        .flatMap(
            owner ->
                workers.run(
                    () ->
                        log.ofAlarm(
                            alarm, caller.role().isEnterpriseRole() ? caller.enterprise() : null)));
  }

  @WithSession
  public Uni<Escalation> escalation(Caller caller, Owner owner) {
    return resolve(caller, owner).flatMap(this::levelsOf);
  }

  /** Replaces the owner's escalation levels. */
  @WithTransaction
  public Uni<Escalation> setEscalation(Caller caller, Owner owner, Escalation body) {
    require(body != null && body.levels() != null, "levels", "is required");
    Set<Integer> seen = new HashSet<>();
    for (LevelView l : body.levels()) {
      require(l != null && l.level() >= 2 && l.level() <= 5, "levels.level", "must be 2 to 5");
      require(seen.add(l.level()), "levels.level", "level " + l.level() + " is given twice");
      for (Integer s : new Integer[] {l.infoSeconds(), l.warningSeconds(), l.criticalSeconds()}) {
        require(s == null || s > 0, "levels", "seconds must be above 0, or left out");
      }
    }
    return resolve(caller, owner)
        .flatMap(
            o ->
                (o.enterprise() == null
                        ? levels.delete("parkId = ?1 and enterpriseId is null", o.park())
                        : levels.delete(
                            "parkId = ?1 and enterpriseId = ?2", o.park(), o.enterprise()))
                    .flatMap(
                        deleted -> {
                          List<EscalationLevel> rows = new ArrayList<>();
                          for (LevelView l : body.levels()) {
                            EscalationLevel e = new EscalationLevel();
                            e.parkId = o.park();
                            e.enterpriseId = o.enterprise();
                            e.level = l.level();
                            e.infoSeconds = l.infoSeconds();
                            e.warningSeconds = l.warningSeconds();
                            e.criticalSeconds = l.criticalSeconds();
                            rows.add(e);
                          }
                          return levels.persist(rows);
                        })
                    .call(
                        done -> {
                          Map<String, Object> details = new LinkedHashMap<>();
                          details.put("levels", body.levels());
                          return audit.record(
                              caller,
                              "escalation.update",
                              o.enterprise() == null ? "park" : "enterprise",
                              o.enterprise() == null ? o.park() : o.enterprise(),
                              o.park(),
                              o.enterprise(),
                              details);
                        })
                    .flatMap(done -> levelsOf(o)));
  }

  private Uni<Escalation> levelsOf(Owner o) {
    return levels
        .list(
            "parkId = ?1 and "
                + (o.enterprise() == null ? "enterpriseId is null" : "enterpriseId = ?2"),
            Sort.by("level"),
            o.enterprise() == null
                ? new Object[] {o.park()}
                : new Object[] {o.park(), o.enterprise()})
        .map(
            list ->
                new Escalation(
                    list.stream()
                        .map(
                            e ->
                                new LevelView(
                                    e.level, e.infoSeconds, e.warningSeconds, e.criticalSeconds))
                        .toList()));
  }

  /** The owner with both ids, once the caller may manage its channels. */
  private Uni<Owner> resolve(Caller caller, Owner owner) {
    if (owner.enterprise() != null) {
      return gate.managedEnterprise(
              caller, owner.enterprise(), "viewers cannot manage notification channels")
          .map(e -> new Owner(e.parkId, e.id));
    }
    return gate.managedPark(
            caller, owner.park(), "only the park's operator manages the park's notifications")
        .map(p -> new Owner(p.id, null));
  }

  private Uni<NotificationChannel> channel(Caller caller, Owner owner, String id) {
    return resolve(caller, owner)
        .flatMap(
            o ->
                channels
                    .findById(id)
                    .map(
                        c -> {
                          if (c == null
                              || !c.parkId.equals(o.park())
                              || !Objects.equals(c.enterpriseId, o.enterprise())) {
                            throw ApiErrors.notFound("notification channel", id);
                          }
                          return c;
                        }));
  }

  private Uni<Void> audit(Caller caller, String action, NotificationChannel c) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("name", c.name);
    details.put("kind", c.kind);
    details.put("target", "email".equals(c.kind) ? c.target : redact(c.target));
    details.put("secretSet", c.secret != null);
    details.put("minSeverity", c.minSeverity);
    details.put("language", c.language);
    details.put("level", c.level);
    details.put("perMinute", c.perMinute);
    details.put("enabled", c.enabled);
    return audit.record(
        caller, action, "notification-channel", c.id, c.parkId, c.enterpriseId, details);
  }

  /** Checks the request and sets it on {@code c}; on update, what is left out stays. */
  private void apply(NotificationChannel c, ChannelRequest r, boolean create) {
    require(r.name() != null && !r.name().isBlank(), "name", "is required");
    require(
        r.kind() != null && KINDS.contains(r.kind()),
        "kind",
        "must be webhook, wecom, dingtalk or email");
    boolean sameKind = r.kind().equals(c.kind);
    if ("email".equals(r.kind())) {
      require(
          r.url() == null, "url", "is for webhook, wecom and dingtalk; give email addresses in to");
      require(
          r.to() != null || (!create && sameKind), "to", "is required: the addresses to write to");
      if (r.to() != null) {
        require(!r.to().isEmpty() && r.to().size() <= 20, "to", "give 1 to 20 addresses");
        for (String a : r.to()) {
          require(
              a != null && ADDRESS.matcher(a).matches(), "to", "'" + a + "' is no e-mail address");
        }
        c.target = String.join(",", r.to());
      }
      require(r.secret() == null || r.secret().isEmpty(), "secret", "is not used by e-mail");
    } else {
      require(r.to() == null, "to", "is for email channels; give the robot's or webhook's url");
      require(
          r.url() != null || (!create && sameKind), "url", "is required: the address to POST to");
      if (r.url() != null) {
        require(isHttpUrl(r.url()), "url", "must be an http:// or https:// URL with a host");
        destinations
            .refusalOfLiteral(URI.create(r.url()))
            .ifPresent(reason -> require(false, "url", reason));
        c.target = r.url();
      }
      require(
          !"wecom".equals(r.kind()) || r.secret() == null || r.secret().isEmpty(),
          "secret",
          "WeCom robots are not signed: their key is in the url");
    }
    if (r.secret() != null) {
      require(r.secret().length() <= 200, "secret", "must be at most 200 characters");
      c.secret = r.secret().isEmpty() ? null : r.secret();
    } else if (!sameKind && !create) {
      c.secret = null;
    }
    c.kind = r.kind();
    c.name = r.name().strip();
    c.minSeverity = r.minSeverity() == null ? "warning" : r.minSeverity();
    require(SEVERITIES.contains(c.minSeverity), "minSeverity", "must be info, warning or critical");
    c.language = r.language() == null ? "zh" : r.language();
    require(LANGUAGES.contains(c.language), "language", "must be zh or en");
    c.level = r.level() == null ? 1 : r.level();
    require(c.level >= 1 && c.level <= 5, "level", "must be 1 to 5");
    c.perMinute = r.perMinute() == null ? 20 : r.perMinute();
    require(c.perMinute >= 1 && c.perMinute <= 600, "perMinute", "must be 1 to 600");
    c.enabled = r.enabled() == null || r.enabled();
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI uri = new URI(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (Exception e) {
      return false;
    }
  }

  /** The URL with its query values as {@code ***}: a robot's key or token is a credential. */
  static String redact(String url) {
    int q = url.indexOf('?');
    if (q < 0) {
      return url;
    }
    StringBuilder out = new StringBuilder(url.substring(0, q + 1));
    String[] params = url.substring(q + 1).split("&");
    for (int i = 0; i < params.length; i++) {
      int eq = params[i].indexOf('=');
      out.append(i == 0 ? "" : "&")
          .append(eq < 0 ? params[i] : params[i].substring(0, eq) + "=***");
    }
    return out.toString();
  }
}
