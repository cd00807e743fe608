package io.parkpulse.model.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.parkpulse.model.CommandRequestCodec;
import io.parkpulse.model.CommandResponseCodec;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.EventCodec;
import io.parkpulse.model.InvalidPayloadException;
import io.parkpulse.model.RegistryCodec;
import io.parkpulse.model.TelemetryCodec;

/**
 * Fuzz targets of the wire contract's decoders: whatever bytes arrive, a decoder answers with a
 * value or an {@link InvalidPayloadException}; any other exception or error is a finding. In a
 * normal build each target replays its corpus ({@code src/test/resources/.../CodecsFuzzTestInputs})
 * as a regression test; {@code bench/fuzz.sh} fuzzes them (docs/security.md).
 */
class CodecsFuzzTest {

  private static final DeviceRef PRESS = new DeviceRef("acme", "press-01");

  private final TelemetryCodec telemetry = new TelemetryCodec();
  private final EventCodec events = new EventCodec();
  private final RegistryCodec registry = new RegistryCodec();
  private final CommandRequestCodec requests = new CommandRequestCodec();
  private final CommandResponseCodec responses = new CommandResponseCodec();

  /** What a device publishes, and the record the gateway writes to Kafka, from the same bytes. */
  @FuzzTest(maxDuration = "10m")
  void telemetry(byte[] bytes) {
    refusedOrDecoded(() -> telemetry.decodeDevicePayload(bytes));
    refusedOrDecoded(() -> telemetry.decode(bytes));
    refusedOrDecoded(() -> telemetry.decodeKeepingMetrics(bytes));
  }

  @FuzzTest(maxDuration = "10m")
  void events(byte[] bytes) {
    refusedOrDecoded(() -> events.decodeDevicePayload(bytes, "north", PRESS));
    refusedOrDecoded(() -> events.decode(bytes));
  }

  @FuzzTest(maxDuration = "10m")
  void registryEntries(byte[] value) {
    refusedOrDecoded(() -> registry.decode(value));
  }

  @FuzzTest(maxDuration = "10m")
  void commands(byte[] value) {
    refusedOrDecoded(() -> requests.decode(value));
    refusedOrDecoded(() -> responses.decode(value));
  }

  /** A decoding that may refuse the input, but only with an {@link InvalidPayloadException}. */
  interface Decoding {
    Object run() throws InvalidPayloadException;
  }

  private static void refusedOrDecoded(Decoding decoding) {
    try {
      decoding.run();
    } catch (InvalidPayloadException refused) {
      // The clear refusal bad input must get.
    }
  }
}
