package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Bodies that are not JSON at all, as fuzzing sent them: a 400 that says so, never a 500. The
 * inputs are the fuzzer's findings (ProvisioningFuzzIT), kept here as plain tests.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class MalformedBodiesIT {

  @Test
  void controlCharactersInsteadOfJsonAreABadRequest() {
    Api admin = Api.admin();
    String body = new String(new byte[] {0, 2, 0, 0, '('}, StandardCharsets.UTF_8);

    Response answer = admin.request().body(body).post("/api/v1/parks");

    assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(400);
  }
}
