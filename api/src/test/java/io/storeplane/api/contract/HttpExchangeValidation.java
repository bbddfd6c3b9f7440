package io.storeplane.api.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The contract check of {@link ContractValidation} for exchanges RestAssured does not see: a {@code
 * java.net.http} request and its response, or a raw HTTP/1.1 exchange over a socket, handed to the
 * same validator as {@link SimpleRequest} and {@link SimpleResponse}. As there, only the response
 * is judged: an exchange whose request matches no operation of the document (an unknown path, a
 * method the path does not have) has nothing to be checked against and passes.
 */
public final class HttpExchangeValidation {

  private HttpExchangeValidation() {}

  /**
   * What the response breaks of the document, one line per violation ({@code key: message}); empty
   * when it matches or the request matches no operation.
   *
   * @param baseUri the application's root, as the test knows it
   * @param request the request as sent
   * @param response the response, its body read as text
   */
  public static List<String> violations(
      String baseUri, HttpRequest request, HttpResponse<String> response) {
    return violations(
        baseUri,
        request.method(),
        request.uri(),
        request.headers().map(),
        response.statusCode(),
        response.headers().map(),
        response.body());
  }

  /**
   * The same for an exchange given piece by piece (e.g. read off a socket).
   *
   * @param uri the request's URI; only its raw path and query are used
   */
  public static List<String> violations(
      String baseUri,
      String method,
      URI uri,
      Map<String, List<String>> requestHeaders,
      int status,
      Map<String, List<String>> responseHeaders,
      String responseBody) {
    SimpleRequest.Builder request = new SimpleRequest.Builder(method, uri.getRawPath());
    query(uri.getRawQuery(), request);
    requestHeaders.forEach(request::withHeader);
    SimpleResponse.Builder response = new SimpleResponse.Builder(status);
    responseHeaders.forEach(response::withHeader);
    if (responseBody != null && !responseBody.isEmpty()) {
      response.withBody(responseBody);
    }
    return violations(ContractValidation.validator(baseUri), request.build(), response.build());
  }

  private static List<String> violations(
      OpenApiInteractionValidator validator, Request request, Response response) {
    ValidationReport report = validator.validate(request, response);
    return report.getMessages().stream()
        .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
        .map(message -> message.getKey() + ": " + message.getMessage())
        .toList();
  }

  /** Query parameters, decoded where they can be (a malformed escape is kept as sent). */
  private static void query(String rawQuery, SimpleRequest.Builder request) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      request.withQueryParam(name, value);
    }
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}
