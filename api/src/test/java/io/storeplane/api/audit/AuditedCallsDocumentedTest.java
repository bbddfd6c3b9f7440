package io.storeplane.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.storeplane.api.connect.StoreDataResource;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/security.md says which calls are in the audit trail: exactly the {@link Audited} endpoints,
 * and it says that store data writes are not (they are not audited).
 */
class AuditedCallsDocumentedTest {

  private static final Pattern ACTION = Pattern.compile("`([a-z-]+\\.[a-z-]+)`");

  @Test
  void securityDocsListExactlyTheAuditedCallsAndSayStoreDataWritesAreNotAudited() throws Exception {
    Set<String> audited = new TreeSet<>();
    for (JavaMethod method :
        new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.storeplane.api")
                .stream()
                .flatMap(c -> c.getMethods().stream())
                .toList()) {
      method.tryGetAnnotationOfType(Audited.class).ifPresent(a -> audited.add(a.action()));
    }
    assertThat(audited).contains("store.create", "token.create");

    String docs = Files.readString(Path.of("..", "docs", "security.md"));
    int start = docs.indexOf("\"Every mutating call\" means");
    assertThat(start).as("docs/security.md explains which calls are audited").isNotNegative();
    String paragraph = docs.substring(start, docs.indexOf("\n\n", start));
    Set<String> documented = new TreeSet<>();
    Matcher m = ACTION.matcher(paragraph);
    while (m.find()) {
      documented.add(m.group(1));
    }
    assertThat(documented).isEqualTo(audited);

    boolean dataWritesAudited =
        Arrays.stream(StoreDataResource.class.getDeclaredMethods())
            .filter(
                method ->
                    method.isAnnotationPresent(POST.class)
                        || method.isAnnotationPresent(PATCH.class)
                        || method.isAnnotationPresent(DELETE.class))
            .anyMatch(method -> method.isAnnotationPresent(Audited.class));
    assertThat(dataWritesAudited).isFalse();
    assertThat(paragraph.replace('\n', ' '))
        .contains("/api/v1/stores/{id}/data/")
        .contains("are **not** in the platform's audit log");
  }
}
