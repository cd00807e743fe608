package io.parkpulse.devstack.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * The platform API as the demo and the system tests use it to set up a park: signed in, with
 * create-if-missing shortcuts. Any other failure is an {@link IllegalStateException} carrying the
 * platform's answer.
 */
public final class PlatformClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String baseUrl;
  private final String token;

  private PlatformClient(String baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  /** Signs in at {@code baseUrl} (e.g. {@code http://127.0.0.1:8080}). */
  public static PlatformClient login(String baseUrl, String user, String password)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                post(baseUrl + "/api/v1/login", Map.of("user", user, "password", password)).build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "cannot sign in to " + baseUrl + " as " + user + ": " + response.body());
    }
    return new PlatformClient(baseUrl, JSON.readTree(response.body()).get("token").asText());
  }

  /** The session token, for calls of one's own. */
  public String token() {
    return token;
  }

  public void ensurePark(String id, String name) throws IOException, InterruptedException {
    send("/api/v1/parks", Map.of("id", id, "name", name), true);
  }

  public void ensureEnterprise(String park, String id, String name, String industry, String size)
      throws IOException, InterruptedException {
    send(
        "/api/v1/enterprises",
        Map.of("id", id, "park", park, "name", name, "industry", industry, "size", size),
        true);
  }

  /**
   * Creates the device, or gives an existing one a new secret, and returns the secret (the only
   * time the platform shows it).
   */
  public String deviceSecret(String enterprise, String id, String name)
      throws IOException, InterruptedException {
    String devices = "/api/v1/enterprises/" + enterprise + "/devices";
    JsonNode created = send(devices, Map.of("id", id, "name", name), true);
    if (created == null) {
      created = send(devices + "/" + id + "/secret", Map.of(), false);
    }
    return created.get("secret").asText();
  }

  /** GETs {@code path} and returns the answer's body, failing unless it is 200. */
  public String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /** POSTs {@code body} to {@code path} unless what it creates exists already (409). */
  public void createIfAbsent(String path, Map<String, ?> body)
      throws IOException, InterruptedException {
    send(path, body, true);
  }

  /** POSTs {@code body} to {@code path} and returns the answer, failing unless it is 2xx. */
  public JsonNode post(String path, Object body) throws IOException, InterruptedException {
    return send("POST", path, body, false);
  }

  /** PUTs {@code body} to {@code path} and returns the answer, failing unless it is 2xx. */
  public JsonNode put(String path, Object body) throws IOException, InterruptedException {
    return send("PUT", path, body, false);
  }

  /** DELETEs {@code path}, failing unless it answers 2xx. */
  public void delete(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token)
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "DELETE " + path + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  private JsonNode send(String path, Map<String, ?> body, boolean existsIsFine)
      throws IOException, InterruptedException {
    return send("POST", path, body, existsIsFine);
  }

  /** Sends {@code body}; returns null if it answered 409 and {@code existsIsFine}. */
  private JsonNode send(String method, String path, Object body, boolean existsIsFine)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 409 && existsIsFine) {
      return null;
    }
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  private static HttpRequest.Builder post(String url, Map<String, ?> body) throws IOException {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
  }
}
