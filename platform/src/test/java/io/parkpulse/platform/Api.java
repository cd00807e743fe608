package io.parkpulse.platform;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The platform API as a test drives it: signed in as someone, with setup shortcuts. */
final class Api {

  private final String token;

  private Api(String token) {
    this.token = token;
  }

  /** Signs in as the bootstrapped platform admin. */
  static Api admin() {
    return login(PlatformTestResource.ADMIN, PlatformTestResource.ADMIN_PASSWORD);
  }

  static Api login(String user, String password) {
    String token =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("user", user, "password", password))
            .post("/api/v1/login")
            .then()
            .statusCode(200)
            .extract()
            .path("token");
    return new Api(token);
  }

  static Api withToken(String token) {
    return new Api(token);
  }

  String token() {
    return token;
  }

  RequestSpecification request() {
    return given().auth().oauth2(token).contentType(ContentType.JSON);
  }

  void park(String id) {
    request()
        .body(Map.of("id", id, "name", "Park " + id, "retentionDays", 30))
        .post("/api/v1/parks")
        .then()
        .statusCode(201);
  }

  void enterprise(String park, String id) {
    request()
        .body(
            Map.of(
                "id",
                id,
                "park",
                park,
                "name",
                "Enterprise " + id,
                "industry",
                "textiles",
                "size",
                "small"))
        .post("/api/v1/enterprises")
        .then()
        .statusCode(201);
  }

  /** Creates a device and returns the answer, which holds its secret. */
  JsonPath device(String enterprise, String id) {
    return request()
        .body(Map.of("id", id, "name", "Device " + id))
        .post("/api/v1/enterprises/{e}/devices", enterprise)
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  /** Creates a user with {@code role} in the given scope and signs in as them. */
  Api user(String id, String role, String park, String enterprise) {
    Map<String, Object> body = new HashMap<>();
    body.put("id", id);
    body.put("displayName", "User " + id);
    body.put("password", "password-of-" + id);
    body.put("role", role);
    body.put("park", park);
    body.put("enterprise", enterprise);
    request().body(body).post("/api/v1/users").then().statusCode(201);
    return login(id, "password-of-" + id);
  }

  /** Creates an API token with {@code role} in the given scope. */
  Api apiToken(String name, String role, String park, String enterprise) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("role", role);
    body.put("park", park);
    body.put("enterprise", enterprise);
    String created =
        request().body(body).post("/api/v1/tokens").then().statusCode(201).extract().path("token");
    return new Api(created);
  }

  List<String> ids(String path, Object... params) {
    return request().get(path, params).then().statusCode(200).extract().jsonPath().getList("id");
  }
}
