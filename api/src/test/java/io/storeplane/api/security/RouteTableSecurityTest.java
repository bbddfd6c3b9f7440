package io.storeplane.api.security;

import static io.restassured.RestAssured.given;
import static io.storeplane.api.TestApi.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.storeplane.api.TestCallers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Walks every operation in the OpenAPI document, so an endpoint added later is covered without
 * editing this test: without a token every one is 401; with store A's token, every one that is not
 * under store A's own path is 403, including store B's.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteTableSecurityTest {

  /**
   * What a store token gets on its own store's routes where that differs from the rule (GET 200,
   * anything else 403): the connection view serves platform users only; the store data API lets the
   * token through, and answers 409 store-not-connected because store A has no database.
   */
  private static final Map<String, Integer> OWN_STORE_EXCEPTIONS =
      Map.of(
          "GET /api/v1/stores/{id}/connection", 403,
          // a store's schema (drift, its versions in the ledger) is the platform operators' concern
          "GET /api/v1/stores/{id}/schema", 403,
          "GET /api/v1/stores/{id}/schema/versions", 403,
          "GET /api/v1/stores/{id}/schema/preflight", 403,
          "GET /api/v1/stores/{id}/data/{table}", 409,
          "POST /api/v1/stores/{id}/data/{table}", 409,
          "GET /api/v1/stores/{id}/data/{table}/{rowId}", 409,
          "PATCH /api/v1/stores/{id}/data/{table}/{rowId}", 409,
          "DELETE /api/v1/stores/{id}/data/{table}/{rowId}", 409);

  private String storeA;
  private String storeB;
  private String tokenA;

  /** One operation of the API. */
  record Route(String method, String template) {
    String path(String storeId) {
      return template.replaceAll("\\{[^}]+}", storeId);
    }

    @Override
    public String toString() {
      return method + " " + template;
    }
  }

  /** Made on first use: RestAssured knows the test port only once a test runs. */
  @BeforeEach
  void createStoresOnce() {
    if (storeA == null) {
      storeA = TestCallers.newStore();
      storeB = TestCallers.newStore();
      tokenA = TestCallers.tokenForStore(storeA);
    }
  }

  Stream<Route> routes() {
    JsonPath openApi =
        given().queryParam("format", "json").get("/q/openapi").then().extract().jsonPath();
    Map<String, Map<String, Object>> paths = openApi.getMap("paths");
    List<Route> routes = new ArrayList<>();
    paths.forEach(
        (template, operations) -> {
          if (template.startsWith("/api/")) {
            operations.keySet().stream()
                .filter(m -> List.of("get", "post", "put", "patch", "delete").contains(m))
                .forEach(m -> routes.add(new Route(m.toUpperCase(Locale.ROOT), template)));
          }
        });
    assertThat(routes).as("the route table").hasSizeGreaterThan(10);
    return routes.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyRouteNeedsAToken() {
    return routes()
        .map(
            route ->
                DynamicTest.dynamicTest(
                    route.toString(),
                    () -> {
                      Response response =
                          send(given(), route, route.path(UUID.randomUUID().toString()));
                      assertThat(response.statusCode()).as(route.toString()).isEqualTo(401);
                      assertThat(response.contentType()).startsWith("application/problem+json");
                    }));
  }

  @TestFactory
  Stream<DynamicTest> aStoreTokenCannotReachAnotherStoreOrThePlatform() {
    return routes()
        .map(
            route ->
                DynamicTest.dynamicTest(
                    route.toString(),
                    () -> {
                      Response response = send(as(tokenA), route, route.path(storeB));
                      assertThat(response.statusCode())
                          .as(route + " with store B's id")
                          .isEqualTo(403);
                    }));
  }

  @TestFactory
  Stream<DynamicTest> aStoreTokenOnItsOwnStoreReachesOnlyStoreEndpoints() {
    return routes()
        .map(
            route ->
                DynamicTest.dynamicTest(
                    route.toString(),
                    () -> {
                      Response response = send(as(tokenA), route, route.path(storeA));
                      boolean storeEndpoint =
                          route.template().startsWith("/api/v1/stores/{id}")
                              && route.method().equals("GET");
                      assertThat(response.statusCode())
                          .as(route.toString())
                          .isEqualTo(
                              OWN_STORE_EXCEPTIONS.getOrDefault(
                                  route.toString(), storeEndpoint ? 200 : 403));
                    }));
  }

  @Test
  void aStoreTokenReadsItsOwnStore() {
    as(tokenA).get("/api/v1/stores/" + storeA).then().statusCode(200);
    as(tokenA).get("/api/v1/stores/" + storeB).then().statusCode(403);
  }

  private static Response send(
      io.restassured.specification.RequestSpecification request, Route route, String path) {
    return request.contentType(ContentType.JSON).body("{}").request(route.method(), path);
  }
}
