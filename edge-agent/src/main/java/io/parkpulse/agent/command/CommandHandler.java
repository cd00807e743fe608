package io.parkpulse.agent.command;

/**
 * Answers the commands the gateway sends on {@code command///req/{req-id}/{name}}; the answer goes
 * to {@code command///res/{req-id}/{status}}.
 */
@FunctionalInterface
public interface CommandHandler {

  /**
   * An answer: an HTTP-like status ({@code 200} done, {@code 400} bad request, {@code 403} not
   * allowed, {@code 404} unknown, {@code 409} needs a restart, {@code 502} the machine refused) and
   * a JSON body.
   */
  record Response(int status, byte[] body) {}

  /** Runs command {@code name} with {@code payload} (JSON, possibly empty). */
  Response handle(String name, byte[] payload);
}
