package io.parkpulse.platform.portal;

/**
 * What came of a command sent from the portal: the device's answer, or why there was none.
 *
 * @param name the command
 * @param status the device's status (200 done, 4xx refused, 5xx failed), or the API's when the
 *     device did not answer (504) or the command was refused before it was sent
 * @param body the device's answer (JSON) or the API's reason
 */
public record CommandAnswer(String name, int status, String body) {

  public boolean done() {
    return status >= 200 && status < 300;
  }
}
