package io.parkpulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.parkpulse.devstack.TestDirs;
import io.parkpulse.devstack.kafka.TopicReader;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.RegistryEntry;
import io.parkpulse.model.SecretHash;
import io.parkpulse.model.TelemetryCodec;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The steps of docs/gateway.md "TLS and client certificates" with the tools it names: an enterprise
 * CA and a device certificate made by {@code openssl} with the guide's commands, and {@code
 * mosquitto_pub --cafile --cert --key} publishing with them. Needs {@code openssl} and {@code
 * mosquitto_pub} (Debian packages openssl and mosquitto-clients).
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class MosquittoTlsIT {

  private static final String TELEMETRY = ParkTopic.telemetry(GatewayTestResource.PARK).name();

  /** docs/gateway.md, steps 2 and 3, for device {@code cnc-01} of {@code east-precision}. */
  private static final String GUIDE =
      String.join(
          "\n",
          "set -e",
          "openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256"
              + " -days 3650 -subj \"/CN=East Precision device CA\""
              + " -addext \"basicConstraints=critical,CA:TRUE\""
              + " -addext \"keyUsage=critical,keyCertSign,cRLSign\" -keyout ca.key -out ca.pem",
          "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256"
              + " -subj \"/O=east-precision/CN=cnc-01\" -keyout cnc-01.key -out cnc-01.csr",
          "printf 'basicConstraints=CA:FALSE\\nkeyUsage=critical,digitalSignature\\n"
              + "extendedKeyUsage=clientAuth\\n' > client.ext",
          "openssl x509 -req -in cnc-01.csr -CA ca.pem -CAkey ca.key -CAcreateserial -sha256"
              + " -days 825 -extfile client.ext -out cnc-01.pem",
          "");

  @Inject GatewayLifecycle gateway;

  @BeforeAll
  static void requireTools() {
    for (String tool : List.of("openssl", "mosquitto_pub")) {
      boolean installed =
          List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
              .anyMatch(dir -> new File(dir, tool).canExecute());
      assumeTrue(installed, tool + " is not installed: apt-get install openssl mosquitto-clients");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mqttv311", "mqttv5"})
  void publishesWithTheCertificatesTheGuideMakes(String protocol) throws Exception {
    TestDevices.awaitRegistry(gateway.registry());
    Path work = TestDirs.create("mosquitto-tls-" + protocol);
    assertThat(run(work, "sh", "-c", GUIDE).exitCode()).isZero();
    DeviceRef device = new DeviceRef("east-precision", "cnc-01");
    TestDevices.write(
        gateway.registry(),
        new RegistryEntry(
            device,
            GatewayTestResource.PARK,
            true,
            SecretHash.hash(TestDevices.SECRET, 1_000),
            List.of(),
            List.of(Files.readString(work.resolve("ca.pem")))));
    long seq = protocol.equals("mqttv5") ? 5 : 4;

    Result published =
        run(
            work,
            "mosquitto_pub",
            "-h",
            "127.0.0.1",
            "-p",
            Integer.toString(gateway.mqttTlsPort()),
            "--cafile",
            GatewayTestResource.SERVER_CA.toAbsolutePath().toString(),
            "--cert",
            "cnc-01.pem",
            "--key",
            "cnc-01.key",
            "-i",
            "cnc-01-" + protocol,
            "-V",
            protocol,
            "-q",
            "1",
            "-t",
            "telemetry",
            "-m",
            "{\"seq\": " + seq + ", \"ts\": \"2026-11-29T03:00:00Z\", \"metrics\": {\"kw\": 3.2}}");

    assertThat(published.exitCode()).as(published.output()).isZero();
    List<Long> stored = new ArrayList<>();
    for (var record : TopicReader.readAll(TELEMETRY, device.kafkaKey())) {
      stored.add(new TelemetryCodec().decode(record.value()).seq());
    }
    assertThat(stored).contains(seq);
  }

  private record Result(int exitCode, String output) {}

  private static Result run(Path directory, String... command)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("did not finish: " + List.of(command));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.exitValue(), output);
  }
}
