package io.parkpulse.model;

/**
 * A device within its enterprise: the identity a gateway authenticates and the key of every Kafka
 * record about the device.
 *
 * @param enterprise the enterprise id (slug)
 * @param device the device id (slug)
 */
public record DeviceRef(String enterprise, String device) {

  public DeviceRef {
    Ids.require(enterprise, "enterprise");
    Ids.require(device, "device");
  }

  /**
   * Parses the MQTT CONNECT username {@code {device}@{enterprise}}.
   *
   * @throws IllegalArgumentException if the username does not have that form
   */
  public static DeviceRef fromUsername(String username) {
    int at = username == null ? -1 : username.indexOf('@');
    if (at < 0 || at != username.lastIndexOf('@')) {
      throw new IllegalArgumentException(
          "username '" + username + "' must have the form {device}@{enterprise}");
    }
    return new DeviceRef(username.substring(at + 1), username.substring(0, at));
  }

  /**
   * Parses a Kafka record key {@code {enterprise}/{device}}.
   *
   * @throws IllegalArgumentException if the key does not have that form
   */
  public static DeviceRef fromKafkaKey(String key) {
    int slash = key == null ? -1 : key.indexOf('/');
    if (slash < 0 || slash != key.lastIndexOf('/')) {
      throw new IllegalArgumentException(
          "key '" + key + "' must have the form {enterprise}/{device}");
    }
    return new DeviceRef(key.substring(0, slash), key.substring(slash + 1));
  }

  /** The MQTT username of this device: {@code {device}@{enterprise}}. */
  public String username() {
    return device + "@" + enterprise;
  }

  /** The Kafka record key of this device: {@code {enterprise}/{device}}. */
  public String kafkaKey() {
    return enterprise + "/" + device;
  }
}
