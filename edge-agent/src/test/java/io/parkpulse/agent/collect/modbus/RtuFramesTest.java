package io.parkpulse.agent.collect.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The CRC of RTU frames, against checksums worked out apart from the agent (CRC-16, reflected
 * polynomial 0xA001, starting at 0xFFFF, sent low byte first). The test slave appends its CRC with
 * the same method, so this is what keeps the two from agreeing on a wrong byte order.
 */
class RtuFramesTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void appendsTheCrcLowByteFirst() {
    assertThat(HEX.formatHex(RtuFrames.withCrc(HEX.parseHex("010300000001"))))
        .isEqualTo("010300000001840a");
    assertThat(HEX.formatHex(RtuFrames.withCrc(HEX.parseHex("01030000000a"))))
        .isEqualTo("01030000000ac5cd");
  }
}
