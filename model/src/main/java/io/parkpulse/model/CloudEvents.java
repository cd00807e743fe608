package io.parkpulse.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** CloudEvents binary-mode Kafka headers that every ParkPulse record carries. */
public final class CloudEvents {

  public static final String SPEC_VERSION = "ce_specversion";
  public static final String ID = "ce_id";
  public static final String SOURCE = "ce_source";
  public static final String TYPE = "ce_type";
  public static final String TIME = "ce_time";
  public static final String CONTENT_TYPE = "content-type";

  /** {@code ce_type} of a telemetry record. */
  public static final String TELEMETRY_TYPE = "io.parkpulse.telemetry.v1";

  /** {@code ce_type} of a device event. */
  public static final String DEVICE_EVENT_TYPE = "io.parkpulse.device-event.v1";

  /** {@code ce_type} of a command request. */
  public static final String COMMAND_REQUEST_TYPE = "io.parkpulse.command-request.v1";

  /** {@code ce_type} of a device's answer to a command. */
  public static final String COMMAND_RESPONSE_TYPE = "io.parkpulse.command-response.v1";

  /** Type of an alarm's state change on {@code alarms.v1}. */
  public static final String ALARM_CHANGE_TYPE = "io.parkpulse.alarm-change.v1";

  /** {@code ce_source} of the commands the platform sends. */
  public static final String PLATFORM_COMMANDS_SOURCE = "/platform/commands";

  private CloudEvents() {}

  /** {@code ce_source} of what a device sent or what happened to it. */
  public static String sourceOf(DeviceRef device) {
    return "/enterprises/" + device.enterprise() + "/devices/" + device.device();
  }

  /**
   * The headers of a JSON record of {@code type}, produced by {@code source} at {@code time}, with
   * a fresh random id.
   */
  public static Map<String, String> headers(String type, String source, Instant time) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(SPEC_VERSION, "1.0");
    headers.put(ID, UUID.randomUUID().toString());
    headers.put(SOURCE, source);
    headers.put(TYPE, type);
    headers.put(TIME, time.toString());
    headers.put(CONTENT_TYPE, "application/json");
    return headers;
  }
}
