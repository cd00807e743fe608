package io.parkpulse.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.apache.kafka.common.record.CompressionType;
import org.junit.jupiter.api.Test;

class KafkaRecordSinkTest {

  @Test
  void everyCodecTheGatewayOffersCompressesOnThisMachine() {
    // snappy and zstd load native libraries: a machine where one does not load stops the gateway
    // at its start, and would fail here.
    for (CompressionType codec : CompressionType.values()) {
      assertThatCode(() -> KafkaRecordSink.requireCodec(codec))
          .as(codec.name)
          .doesNotThrowAnyException();
    }
  }
}
