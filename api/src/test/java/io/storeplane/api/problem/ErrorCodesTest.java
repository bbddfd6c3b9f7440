package io.storeplane.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.storeplane.billing.BillingError;
import io.storeplane.billing.BillingException;
import io.storeplane.bus.BusError;
import io.storeplane.bus.BusException;
import io.storeplane.clientschema.ClientSchemaError;
import io.storeplane.clientschema.ClientSchemaException;
import io.storeplane.error.ErrorCode;
import io.storeplane.error.ErrorKind;
import io.storeplane.error.StoreplaneException;
import io.storeplane.fleet.FleetError;
import io.storeplane.fleet.FleetException;
import io.storeplane.jobs.JobError;
import io.storeplane.jobs.JobException;
import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import io.storeplane.master.secret.SecretError;
import io.storeplane.master.secret.SecretException;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.guard.DenyRule;
import io.storeplane.provisioning.guard.OutboundConnectionDeniedException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every code of every module's error enum, through the one mapper: a stable {@code
 * urn:storeplane:problem:<code>} type and a status that fits its kind. The list below is checked
 * against a scan of the classpath, so a new enum implementing {@link ErrorCode} fails this test
 * until it is listed here (and so known to map), and against {@link ProblemCatalogue#MODULE_CODES},
 * so the catalogue (the OpenAPI document's problem types, docs/api.md's table) lists it too.
 */
class ErrorCodesTest {

  private static final String PROBLEM = "urn:storeplane:problem:";

  /** Every module enum of codes, with the module exception that carries its codes. */
  private static final Map<Class<? extends ErrorCode>, Function<ErrorCode, StoreplaneException>>
      ENUMS =
          Map.of(
              MasterError.class,
              code -> new MasterDataException((MasterError) code, "master failure"),
              SecretError.class,
              code -> new SecretException((SecretError) code, "secret failure"),
              ClientSchemaError.class,
              code -> new ClientSchemaException((ClientSchemaError) code, "schema failure"),
              BusError.class,
              code -> new BusException((BusError) code, "bus failure"),
              ProvisioningError.class,
              code -> new ProvisioningException((ProvisioningError) code, "provisioning failure"),
              DenyRule.class,
              code ->
                  new OutboundConnectionDeniedException(
                      (DenyRule) code, "db.example.com", 5432, null),
              JobError.class,
              code -> new JobException((JobError) code, "job engine failure"),
              BillingError.class,
              code -> new BillingException((BillingError) code, "billing failure"),
              FleetError.class,
              code -> new FleetException((FleetError) code, "fleet failure"));

  @Test
  void everyCodeOfEveryEnumMapsToItsOwnProblemWithAStatusFittingItsKind() {
    ProblemMappers mappers = new ProblemMappers();
    int codes = 0;
    for (var entry : ENUMS.entrySet()) {
      for (ErrorCode code : entry.getKey().getEnumConstants()) {
        StoreplaneException exception = entry.getValue().apply(code);
        assertThat(exception.code()).isSameAs(code);

        Response response = mappers.module(exception, null);
        Problem problem = (Problem) response.getEntity();
        String what = code.getClass().getSimpleName() + "." + code.name();
        assertThat(response.getMediaType()).as(what).hasToString(Problem.MEDIA_TYPE);
        assertThat(problem.type()).as(what).isEqualTo(PROBLEM + code.code());
        assertThat(problem.code())
            .as(what)
            .isEqualTo(code.code())
            .matches("[a-z0-9]+(-[a-z0-9]+)*");
        assertThat(problem.status()).as(what).isEqualTo(response.getStatus());
        assertThat(problem.detail()).as(what).isNotBlank();
        assertThat(response.getStatus()).as(what).isEqualTo(expectedStatus(code.kind()));
        assertThat(response.getHeaderString("Retry-After"))
            .as(what)
            .isEqualTo(code.kind() == ErrorKind.UNAVAILABLE ? "5" : null);
        codes++;
      }
    }
    assertThat(codes).isGreaterThan(70);
  }

  /** Codes keep the slugs clients key on; a few spot checks of each enum. */
  @Test
  void codesAreTheStableSlugs() {
    assertThat(MasterError.STORE_NOT_FOUND.code()).isEqualTo("store-not-found");
    assertThat(MasterError.PLAN_NOT_FOUND.code()).isEqualTo("plan-not-found");
    assertThat(ProvisioningError.CONNECTION_CAPACITY_EXHAUSTED.code())
        .isEqualTo("connection-capacity-exhausted");
    assertThat(ProvisioningError.SUPABASE_SCHEMA_DRIFT.code()).isEqualTo("supabase-schema-drift");
    assertThat(DenyRule.LINK_LOCAL.code()).isEqualTo("connection-denied-link-local");
    assertThat(DenyRule.UNKNOWN_HOST.code()).isEqualTo("connection-denied-unknown-host");
    assertThat(SecretError.UNKNOWN_KEY.code()).isEqualTo("secret-unknown-key");
    assertThat(ClientSchemaError.INVALID_SEED_VALUE.code()).isEqualTo("invalid-seed-value");
    assertThat(FleetError.PREFLIGHT_NOT_CLEAN.code()).isEqualTo("preflight-not-clean");
    assertThat(FleetError.PREFLIGHT_NOT_CLEAN.kind()).isEqualTo(ErrorKind.CONFLICT);
  }

  /** Two enums may share a code (store-not-found, schema-clash) only when they mean one thing. */
  @Test
  void aCodeSharedByTwoEnumsHasOneKind() {
    Map<String, ErrorKind> kinds = new HashMap<>();
    for (Class<? extends ErrorCode> type : ENUMS.keySet()) {
      for (ErrorCode code : type.getEnumConstants()) {
        ErrorKind earlier = kinds.putIfAbsent(code.code(), code.kind());
        assertThat(earlier).as(code.code()).isIn(null, code.kind());
      }
    }
  }

  /** Only INTERNAL codes may be a 500; they are defects of the build, not of a request. */
  @Test
  void onlyDefectsAreInternal() {
    // A broken schema manifest (packaging) and a job kind's failure it did not classify (a bug).
    Set<String> internal = new TreeSet<>();
    for (Class<? extends ErrorCode> type : ENUMS.keySet()) {
      for (ErrorCode code : type.getEnumConstants()) {
        if (code.kind() == ErrorKind.INTERNAL) {
          internal.add(code.code());
        }
      }
    }
    assertThat(internal).containsExactly("job-crashed", "manifest-invalid");
  }

  /**
   * The catalogue's module enums are these, each once: what is scanned and mapped is catalogued.
   */
  @Test
  void theListedEnumsAreTheCataloguesModuleCodes() {
    assertThat(ProblemCatalogue.MODULE_CODES)
        .as("ProblemCatalogue.MODULE_CODES against ErrorCodesTest.ENUMS")
        .containsExactlyInAnyOrderElementsOf(ENUMS.keySet());
  }

  @Test
  void everyEnumImplementingErrorCodeOnTheClasspathIsListed() throws Exception {
    Set<String> found = new TreeSet<>();
    for (URL root : Collections.list(getClass().getClassLoader().getResources("io/storeplane"))) {
      for (String className : classNames(root)) {
        Class<?> type;
        try {
          type = Class.forName(className, false, getClass().getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
          continue;
        }
        if (type.isEnum() && ErrorCode.class.isAssignableFrom(type)) {
          found.add(type.getName());
        }
      }
    }
    Set<String> listed = new TreeSet<>();
    ENUMS.keySet().forEach(type -> listed.add(type.getName()));
    assertThat(found).isEqualTo(listed);
  }

  private static int expectedStatus(ErrorKind kind) {
    return switch (kind) {
      case INVALID -> 400;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case DENIED -> 422;
      case UNAVAILABLE -> 503;
      case LIMIT_REACHED -> 402;
      case QUOTA_EXHAUSTED -> 429;
      case INTERNAL -> 500;
    };
  }

  /** The class names under a classpath root's {@code io/storeplane}, dir or jar. */
  private static Set<String> classNames(URL root) throws IOException, URISyntaxException {
    Set<String> names = new TreeSet<>();
    if (root.getProtocol().equals("file")) {
      Path base = Path.of(root.toURI()).getParent().getParent();
      try (Stream<Path> files = Files.walk(Path.of(root.toURI()))) {
        files
            .map(base::relativize)
            .map(Path::toString)
            .filter(ErrorCodesTest::isClass)
            .forEach(name -> names.add(toClassName(name.replace('\\', '/'))));
      }
    } else if (root.getProtocol().equals("jar")) {
      JarURLConnection connection = (JarURLConnection) root.openConnection();
      connection.setUseCaches(false);
      try (JarFile jar = connection.getJarFile()) {
        jar.stream()
            .map(entry -> entry.getName())
            .filter(name -> name.startsWith("io/storeplane/") && isClass(name))
            .forEach(name -> names.add(toClassName(name)));
      }
    }
    return names;
  }

  /** Nested classes count too: an error enum may be nested in its exception. */
  private static boolean isClass(String name) {
    return name.endsWith(".class") && !name.endsWith("package-info.class");
  }

  private static String toClassName(String path) {
    return path.substring(0, path.length() - ".class".length()).replace('/', '.');
  }
}
