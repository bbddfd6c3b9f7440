package io.storeplane.api.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser's side of the console without a browser: sign in, keep the cookie, post forms. */
final class ConsoleClient {

  static final String COOKIE = "storeplane_console";
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  final String session;

  private ConsoleClient(String session) {
    this.session = session;
  }

  /** Signs in with a platform user's token; fails the test when no session is given. */
  static ConsoleClient signIn(String token) {
    Response response =
        given()
            .redirects()
            .follow(false)
            .contentType("application/x-www-form-urlencoded")
            .formParam("token", token)
            .post("/console/sign-in");
    assertThat(response.statusCode()).as(response.body().asString()).isEqualTo(303);
    String session = response.cookie(COOKIE);
    assertThat(session).isNotBlank();
    return new ConsoleClient(session);
  }

  RequestSpecification request() {
    return given().redirects().follow(false).cookie(COOKIE, session);
  }

  Response get(String path) {
    return request().get(path);
  }

  /** The CSRF token the page at {@code path} carries in its forms. */
  String csrf(String path) {
    String page = get(path).then().statusCode(200).extract().asString();
    Matcher matcher = CSRF.matcher(page);
    assertThat(matcher.find()).as("a csrf field on " + path).isTrue();
    return matcher.group(1);
  }

  Response post(String path, String csrf, Object... fields) {
    RequestSpecification request =
        request().contentType("application/x-www-form-urlencoded").formParam("csrf", csrf);
    for (int i = 0; i < fields.length; i += 2) {
      request = request.formParam((String) fields[i], fields[i + 1]);
    }
    return request.post(path);
  }
}
