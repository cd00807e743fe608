package io.parkpulse.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The gateway logs through Quarkus' logging alone. A library that brings a backend of its own (Tahu
 * brings Logback) would take SLF4J over and log every Kafka client line at DEBUG: 190 MB in a
 * minute of a system test, before its exclusion in the POM.
 */
class LoggingBackendTest {

  @Test
  void noOtherLoggingBackendIsOnTheClassPath() {
    assertThatThrownBy(() -> Class.forName("ch.qos.logback.classic.Logger"))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
