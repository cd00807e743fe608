package io.parkpulse.gateway.sparkplug;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes the one Sparkplug B payload the gateway sends: the request for a rebirth. */
final class SparkplugEncoder {

  private SparkplugEncoder() {}

  /**
   * An {@code NCMD} payload asking the edge node to publish its BIRTH messages again: metric {@code
   * Node Control/Rebirth}, Boolean, {@code true}, stamped {@code nowMillis}.
   */
  static byte[] rebirthRequest(long nowMillis) {
    ByteArrayOutputStream metricBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream payloadBytes = new ByteArrayOutputStream();
    try {
      CodedOutputStream metric = CodedOutputStream.newInstance(metricBytes);
      metric.writeString(1, SparkplugValues.REBIRTH_METRIC);
      metric.writeUInt64(3, nowMillis);
      metric.writeUInt32(4, SparkplugValues.BOOLEAN);
      metric.writeBool(14, true);
      metric.flush();
      CodedOutputStream payload = CodedOutputStream.newInstance(payloadBytes);
      payload.writeUInt64(1, nowMillis);
      payload.writeByteArray(2, metricBytes.toByteArray());
      payload.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return payloadBytes.toByteArray();
  }
}
