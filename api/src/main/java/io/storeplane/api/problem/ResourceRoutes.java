package io.storeplane.api.problem;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The REST resources' route table (path template and HTTP method of every resource method), read
 * once from the JAX-RS annotations of the resource beans. It answers which methods a path has, for
 * the {@code Allow} header of a 405: RESTEasy's own answer lists every method of the resource
 * class, also those of other paths.
 */
@Singleton
public class ResourceRoutes {

  /** {@code {name}} or {@code {name: regex}} in a path template. */
  private static final Pattern PARAMETER =
      Pattern.compile("\\{\\s*\\w[\\w.-]*\\s*(?::\\s*([^}]+))?}");

  private record Route(Pattern path, String method) {}

  private final List<Route> routes;

  @Inject
  ResourceRoutes(BeanManager beans) {
    List<Route> found = new ArrayList<>();
    beans.getBeans(Object.class, Any.Literal.INSTANCE).stream()
        .map(Bean::getBeanClass)
        .filter(type -> type.isAnnotationPresent(Path.class))
        .distinct()
        .forEach(resource -> addRoutes(resource, found));
    this.routes = List.copyOf(found);
  }

  /**
   * The methods {@code path} answers, as an {@code Allow} header value: those of its resource
   * methods, HEAD beside GET, and OPTIONS; empty when no resource is at {@code path}.
   */
  public String allow(String path) {
    Set<String> methods = new TreeSet<>();
    for (Route route : routes) {
      if (route.path().matcher(path).matches()) {
        methods.add(route.method());
      }
    }
    if (methods.isEmpty()) {
      return "";
    }
    if (methods.contains("GET")) {
      methods.add("HEAD");
    }
    methods.add("OPTIONS");
    return String.join(", ", methods);
  }

  private static void addRoutes(Class<?> resource, List<Route> routes) {
    String base = resource.getAnnotation(Path.class).value();
    for (Method method : resource.getMethods()) {
      String httpMethod = httpMethod(method);
      if (httpMethod != null) {
        Path sub = method.getAnnotation(Path.class);
        routes.add(new Route(compile(join(base, sub == null ? "" : sub.value())), httpMethod));
      }
    }
  }

  private static String httpMethod(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
      if (http != null) {
        return http.value();
      }
    }
    return null;
  }

  private static String join(String base, String sub) {
    String joined = ("/" + base + "/" + sub).replaceAll("/+", "/");
    return joined.length() > 1 && joined.endsWith("/")
        ? joined.substring(0, joined.length() - 1)
        : joined;
  }

  /** A template as a regular expression: literal text quoted, parameters as their pattern. */
  static Pattern compile(String template) {
    StringBuilder regex = new StringBuilder();
    Matcher parameter = PARAMETER.matcher(template);
    int at = 0;
    while (parameter.find()) {
      regex.append(Pattern.quote(template.substring(at, parameter.start())));
      regex.append('(').append(parameter.group(1) == null ? "[^/]+" : parameter.group(1).trim());
      regex.append(')');
      at = parameter.end();
    }
    regex.append(Pattern.quote(template.substring(at))).append("/?");
    return Pattern.compile(regex.toString());
  }
}
