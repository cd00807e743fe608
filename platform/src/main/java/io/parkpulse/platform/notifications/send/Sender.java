package io.parkpulse.platform.notifications.send;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends one notification to one channel, once, and says how it went; retries are the caller's.
 * Blocking: call it on a worker thread.
 *
 * <ul>
 *   <li>{@code webhook}: the message as JSON, signed ({@link Signatures#webhook}) when the channel
 *       has a secret.
 *   <li>{@code wecom}: a WeCom group robot's Markdown message; the robot's answer must have {@code
 *       errcode} 0.
 *   <li>{@code dingtalk}: a DingTalk group robot's Markdown message, with {@code timestamp} and
 *       {@code sign} ({@link Signatures#dingtalk}) added to the URL when the channel has a secret.
 *   <li>{@code email}: through Quarkus Mailer's SMTP server, the title as subject.
 * </ul>
 */
public final class Sender {

  /** Bytes of a receiver's answer read at most. */
  private static final int ANSWER_BYTES = 4096;

  /** WeCom robots take at most this many bytes of Markdown content. */
  static final int WECOM_MAX_BYTES = 4096;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private final HttpClient http;
  private final Mailer mailer;
  private final Duration timeout;
  private final Destinations destinations;

  public Sender(Mailer mailer, Duration timeout, Destinations destinations) {
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.mailer = mailer;
    this.timeout = timeout;
    this.destinations = destinations;
  }

  /**
   * Sends {@code message} to {@code target}.
   *
   * @param notification the notification's id, sent to webhooks so that a receiver can tell a retry
   *     from a new notification
   */
  public Delivery send(Target target, long notification, Message message, Instant now) {
    try {
      return switch (target.kind()) {
        case "webhook" -> webhook(target, notification, message, now);
        case "wecom" -> robot(URI.create(target.target()), wecom(message));
        case "dingtalk" -> robot(dingtalkUri(target, now), dingtalk(message));
        case "email" -> email(target, message);
        default -> Delivery.refused(null, "unknown channel kind '" + target.kind() + "'");
      };
    } catch (IllegalArgumentException e) {
      return Delivery.refused(null, "the channel's address is not usable: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Delivery.failed(null, "interrupted while sending");
    }
  }

  /** The body a webhook receives. */
  static byte[] webhookBody(long notification, Message message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("notification", notification);
    body.put("event", message.event());
    body.put("level", message.level());
    body.put("title", message.title());
    body.put("text", message.text());
    body.put("alarm", message.facts().isEmpty() ? null : message.facts());
    return json(body);
  }

  private Delivery webhook(Target target, long notification, Message message, Instant now)
      throws InterruptedException {
    byte[] body = webhookBody(notification, message);
    HttpRequest.Builder request = post(URI.create(target.target()), body);
    long timestamp = now.getEpochSecond();
    request.header("X-ParkPulse-Notification", Long.toString(notification));
    request.header("X-ParkPulse-Timestamp", Long.toString(timestamp));
    if (target.secret() != null) {
      request.header("X-ParkPulse-Signature", Signatures.webhook(target.secret(), timestamp, body));
    }
    return exchange(request.build(), false);
  }

  /** A WeCom robot's Markdown message, its content cut to what the robot takes. */
  static byte[] wecom(Message message) {
    return json(
        Map.of(
            "msgtype",
            "markdown",
            "markdown",
            Map.of("content", cut(message.text(), WECOM_MAX_BYTES))));
  }

  /** A DingTalk robot's Markdown message. */
  static byte[] dingtalk(Message message) {
    return json(
        Map.of(
            "msgtype",
            "markdown",
            "markdown",
            Map.of("title", message.title(), "text", message.text())));
  }

  static URI dingtalkUri(Target target, Instant now) {
    if (target.secret() == null) {
      return URI.create(target.target());
    }
    long millis = now.toEpochMilli();
    return URI.create(
        target.target()
            + (target.target().contains("?") ? "&" : "?")
            + "timestamp="
            + millis
            + "&sign="
            + Signatures.dingtalk(target.secret(), millis));
  }

  private Delivery robot(URI uri, byte[] body) throws InterruptedException {
    return exchange(post(uri, body).build(), true);
  }

  private HttpRequest.Builder post(URI uri, byte[] body) {
    return HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  /**
   * Sends the request. A 2xx answer is delivered (a robot's only with {@code errcode} 0 in it); a
   * 408, 429 or 5xx answer, a robot's other {@code errcode} and no answer at all are worth another
   * try; other 4xx answers are refusals of the request itself, not retried.
   */
  private Delivery exchange(HttpRequest request, boolean robot) throws InterruptedException {
    HttpResponse<java.io.InputStream> response;
    String body;
    try {
      Optional<String> refused = destinations.refusal(request.uri());
      if (refused.isPresent()) {
        return Delivery.refused(null, refused.get());
      }
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      // Enough for a robot's errcode and the excerpt kept; a larger answer is not read whole.
      try (java.io.InputStream in = response.body()) {
        body = new String(in.readNBytes(ANSWER_BYTES), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      return Delivery.failed(
          null,
          "no answer from "
              + request.uri().getHost()
              + ": "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
    int status = response.statusCode();
    String answer = excerpt(body);
    if (status >= 200 && status < 300) {
      if (!robot) {
        return Delivery.delivered(status);
      }
      Object code = errcode(body);
      return code instanceof Number n && n.intValue() == 0
          ? Delivery.delivered(status)
          : Delivery.failed(status, "the robot answered " + answer);
    }
    String error = "HTTP " + status + (answer.isEmpty() ? "" : ": " + answer);
    return status == 408 || status == 429 || status >= 500
        ? Delivery.failed(status, error)
        : Delivery.refused(status, error);
  }

  private static Object errcode(String body) {
    try {
      return JSON.readValue(body, OBJECT).get("errcode");
    } catch (IOException e) {
      return null;
    }
  }

  private Delivery email(Target target, Message message) {
    List<String> to =
        Arrays.stream(target.target().split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList();
    try {
      mailer.send(Mail.withText(to.get(0), message.title(), message.text()).setTo(to));
      return Delivery.delivered(null);
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return Delivery.failed(null, "the SMTP server did not take it: " + cause.getMessage());
    }
  }

  private static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a notification as JSON", e);
    }
  }

  /** {@code text} cut to at most {@code maxBytes} of UTF-8, on a character boundary. */
  static String cut(String text, int maxBytes) {
    if (text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > maxBytes - 3) {
        break;
      }
      out.appendCodePoint(cp);
      bytes += size;
      i += Character.charCount(cp);
    }
    return out.append("…").toString();
  }

  private static String excerpt(String body) {
    String flat = body == null ? "" : body.strip().replaceAll("\\s+", " ");
    return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
  }
}
