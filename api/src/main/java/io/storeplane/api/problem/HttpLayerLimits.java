package io.storeplane.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.ManagementInterface;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the HTTP layer refuses before JAX-RS runs, answered as problem documents like every other
 * error (docs/api.md): a request line or header block over {@link HttpLimitsConfig} (414, 431), a
 * body over {@code quarkus.http.limits.max-body-size} (413), and TRACE (405, on every path). On the
 * management interface only GET and HEAD are served (405 otherwise). Runs first on both routers,
 * before Quarkus's and RESTEasy's own body-size checks, which answer with an empty body: a declared
 * length is checked at once, a chunked body is read here (up to the limit) and handed on.
 */
@Singleton
public class HttpLayerLimits {

  /** Before every Quarkus route that could answer or read the body. */
  private static final int ORDER = RouteConstants.ROUTE_ORDER_BODY_HANDLER - 1;

  private static final String MANAGEMENT_ALLOW = "GET, HEAD";

  private final HttpLimitsConfig limits;
  private final long maxBody;
  private final ResourceRoutes routes;
  private final ObjectMapper json;
  private final BodyHandler chunkedBodies;

  HttpLayerLimits(
      HttpLimitsConfig limits,
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody,
      ResourceRoutes routes,
      ObjectMapper json) {
    this.limits = limits;
    this.maxBody = maxBody.asLongValue();
    this.routes = routes;
    this.json = json;
    this.chunkedBodies = BodyHandler.create(false).setBodyLimit(this.maxBody);
  }

  void main(@Observes Router router) {
    router.route().order(ORDER).handler(this::checkMain).failureHandler(this::bodyTooLarge);
  }

  void management(@Observes ManagementInterface management) {
    management.router().route().order(ORDER).handler(this::checkManagement);
  }

  private void checkMain(RoutingContext context) {
    HttpServerRequest request = context.request();
    if (requestLineLength(request) > limits.maxRequestLine()) {
      answer(
          context,
          ProblemType.URI_TOO_LONG,
          "The request line is longer than %d characters.".formatted(limits.maxRequestLine()),
          Map.of("Connection", "close"));
    } else if (headerBlockLength(request) > limits.maxHeaderBlock()) {
      answer(
          context,
          ProblemType.HEADERS_TOO_LARGE,
          "The request headers are longer than %d characters in all."
              .formatted(limits.maxHeaderBlock()),
          Map.of("Connection", "close"));
    } else if (declaredBodyLength(request) > maxBody) {
      answer(
          context,
          ProblemType.PAYLOAD_TOO_LARGE,
          "The request body is larger than this server accepts (%d bytes).".formatted(maxBody),
          Map.of("Connection", "close"));
    } else if (request.method() == HttpMethod.TRACE) {
      String path = request.path();
      String allow = path.startsWith("/q/") ? MANAGEMENT_ALLOW : routes.allow(path);
      notAllowed(context, allow);
    } else if (request.headers().contains("Transfer-Encoding")) {
      chunkedBodies.handle(context); // fails the context with 413 past the limit
    } else {
      context.next();
    }
  }

  private void bodyTooLarge(RoutingContext context) {
    if (context.statusCode() == ProblemType.PAYLOAD_TOO_LARGE.status()
        && !context.response().ended()) {
      answer(
          context,
          ProblemType.PAYLOAD_TOO_LARGE,
          "The request body is larger than this server accepts (%d bytes).".formatted(maxBody),
          Map.of("Connection", "close"));
    } else {
      context.next();
    }
  }

  private void checkManagement(RoutingContext context) {
    HttpMethod method = context.request().method();
    if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
      context.next();
    } else {
      notAllowed(context, MANAGEMENT_ALLOW);
    }
  }

  private void notAllowed(RoutingContext context, String allow) {
    answer(
        context,
        ProblemType.METHOD_NOT_ALLOWED,
        context.request().method().name() + " is not allowed on " + context.request().path() + ".",
        Map.of("Allow", allow));
  }

  private void answer(
      RoutingContext context, ProblemType type, String detail, Map<String, String> headers) {
    String requestId = RequestIdFilter.idFor(context.request().getHeader(RequestIdFilter.HEADER));
    // The target of an overlong request line is not repeated back.
    String instance = type == ProblemType.URI_TOO_LONG ? null : context.request().path();
    Problem problem = Problem.of(type, type.code(), detail, instance, requestId, List.of());
    String body;
    try {
      body = json.writeValueAsString(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A problem document did not serialize", e);
    }
    var response =
        context
            .response()
            .setStatusCode(type.status())
            .putHeader("Content-Type", Problem.MEDIA_TYPE)
            .putHeader(RequestIdFilter.HEADER, requestId);
    headers.forEach(response::putHeader);
    response.end(body);
  }

  private static int requestLineLength(HttpServerRequest request) {
    // "<method> <target> HTTP/1.1"
    return request.method().name().length() + 1 + request.uri().length() + 9;
  }

  private static long headerBlockLength(HttpServerRequest request) {
    long length = 0;
    for (Map.Entry<String, String> header : request.headers()) {
      length += header.getKey().length() + header.getValue().length() + 4; // ": " and CRLF
    }
    return length;
  }

  private static long declaredBodyLength(HttpServerRequest request) {
    String declared = request.getHeader("Content-Length");
    if (declared == null) {
      return 0;
    }
    try {
      return Long.parseLong(declared.trim());
    } catch (NumberFormatException e) {
      return 0; // Vert.x's decoder refuses a malformed Content-Length before this runs
    }
  }
}
