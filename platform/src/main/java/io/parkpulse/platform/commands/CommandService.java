package io.parkpulse.platform.commands;

import static io.parkpulse.platform.api.ApiErrors.require;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.parkpulse.model.CommandRequest;
import io.parkpulse.model.CommandResponse;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.audit.AuditLog;
import io.parkpulse.platform.devices.Device;
import io.parkpulse.platform.devices.DeviceService;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Sends a command to a device and answers with the device's answer: the same people who manage the
 * device (its enterprise's admin, its park's operator, a platform admin) may command it. The call
 * waits, without holding a thread, until the device answers or the timeout passes.
 */
@ApplicationScoped
public class CommandService {

  static final int DEFAULT_TIMEOUT_SECONDS = 10;
  static final int MAX_TIMEOUT_SECONDS = 60;

  private final TenancyGate gate;
  private final DeviceService devices;
  private final AuditLog audit;
  private final Commands commands;

  CommandService(TenancyGate gate, DeviceService devices, AuditLog audit, Commands commands) {
    this.gate = gate;
    this.devices = devices;
    this.audit = audit;
    this.commands = commands;
  }

  /**
   * A command.
   *
   * @param name the command, e.g. {@code status}, {@code reload}, {@code set-interval}, {@code
   *     write}
   * @param payload its arguments, any JSON value; {@code {}} if absent
   * @param timeoutSeconds how long to wait for the answer, 1 to 60; 10 if absent
   */
  public record CommandCall(String name, JsonNode payload, Integer timeoutSeconds) {}

  /**
   * The device's answer.
   *
   * @param requestId the command's id, as the device saw it
   * @param status the device's status: {@code 200} done, {@code 4xx} refused, {@code 5xx} failed
   * @param payload what the device answered, any JSON value
   */
  public record CommandResult(String requestId, int status, @JsonRawValue String payload) {}

  /**
   * Sends {@code call} to the device {@code id} of {@code enterprise}, once the audit log holds it,
   * and waits for its answer: a 504 if none comes in time, a 503 if Kafka did not take it.
   */
  public Uni<CommandResult> send(Caller caller, String enterprise, String id, CommandCall call) {
    require(call != null, "body", "is required");
    require(
        CommandRequest.isName(call.name()),
        "name",
        "must be a command name matching " + CommandRequest.NAME_PATTERN + ", e.g. status");
    int timeout = call.timeoutSeconds() == null ? DEFAULT_TIMEOUT_SECONDS : call.timeoutSeconds();
    require(
        timeout >= 1 && timeout <= MAX_TIMEOUT_SECONDS,
        "timeoutSeconds",
        "must be 1 to " + MAX_TIMEOUT_SECONDS);
    String payload = call.payload() == null ? "{}" : call.payload().toString();
    require(
        payload.getBytes(StandardCharsets.UTF_8).length <= CommandRequest.MAX_PAYLOAD_BYTES,
        "payload",
        "must be at most " + CommandRequest.MAX_PAYLOAD_BYTES + " bytes of JSON");
    String requestId = Commands.newRequestId();
    // The transaction ends before the command goes out: no connection is held while waiting.
    return Panache.withTransaction(
            () ->
                devices
                    .visible(caller, enterprise, id)
                    .call(
                        d ->
                            authorizeAndAudit(caller, d, call.name(), requestId, payload, timeout)))
        .flatMap(
            d -> {
              CommandRequest request =
                  new CommandRequest(
                      d.parkId,
                      new DeviceRef(d.enterpriseId, d.id),
                      requestId,
                      call.name(),
                      payload,
                      Instant.now().plusSeconds(timeout));
              // The answer arrives on the response consumer's thread: go on where the request
              // runs, so that what follows (a portal page) may open a reactive session.
              Context context = Vertx.currentContext();
              Uni<CommandResponse> answer =
                  Uni.createFrom().completionStage(() -> commands.send(request));
              return context == null
                  ? answer
                  : answer.emitOn(task -> context.runOnContext(ignored -> task.run()));
            })
        .map(r -> new CommandResult(r.requestId(), r.status(), r.payload()))
        .onFailure(TimeoutException.class)
        .transform(
            e ->
                ApiErrors.gatewayTimeout(
                    "device '"
                        + id
                        + "' did not answer within "
                        + timeout
                        + " s: it is offline, not subscribed to commands (command///req/#), or"
                        + " busy"))
        .onFailure(CommandNotSentException.class)
        .transform(e -> ApiErrors.unavailable(e.getMessage() + "; try again"));
  }

  /**
   * Refuses viewers and disabled devices, and records the command in the audit log before it is
   * sent: no command goes out that the log does not show.
   */
  private Uni<Void> authorizeAndAudit(
      Caller caller, Device d, String name, String requestId, String payload, int timeout) {
    gate.requireManagesEnterprise(caller, d.parkId, d.enterpriseId, "viewers cannot send commands");
    if (!d.enabled) {
      throw ApiErrors.conflict("device '" + d.id + "' is disabled: it cannot be connected");
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("name", name);
    details.put("requestId", requestId);
    details.put("payload", new RawValue(payload));
    details.put("timeoutSeconds", timeout);
    return audit.record(
        caller, "device.command", "device", d.id, d.parkId, d.enterpriseId, details);
  }
}
