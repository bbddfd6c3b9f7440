package io.storeplane.api;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** Requests as a known caller. The test profile's bootstrap admin token is {@link #ADMIN_TOKEN}. */
public final class TestApi {

  public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdefghijklmnop";

  private TestApi() {}

  /** A request as the bootstrap platform admin. */
  public static RequestSpecification asAdmin() {
    return as(ADMIN_TOKEN);
  }

  /** A request with this bearer token. */
  public static RequestSpecification as(String token) {
    return given().header("Authorization", "Bearer " + token);
  }
}
