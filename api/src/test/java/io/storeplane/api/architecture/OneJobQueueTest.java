package io.storeplane.api.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One job queue: no main code outside the job engine's store claims rows with {@code SKIP LOCKED}
 * (a second hand-written queue). A resource claimed so (a warm-pool database, say) is not a job:
 * such a file is listed here by name, with why.
 */
class OneJobQueueTest {

  /** The reactor's root, seen from the api module (surefire's working directory). */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** The engine's store: the queue. */
  private static final String ENGINE_STORE = "jobs/src/main/java/io/storeplane/jobs/JobStore.java";

  /**
   * Files that claim resources (not jobs) with SKIP LOCKED, and why: the warm pool's record, whose
   * rows are ready databases an onboarding job takes in one statement (the job itself is the
   * engine's; its refill is a job kind on the engine); a rollout's record, whose rows are the
   * per-store state the rollout owns, claimed one store at a time by the rollout's workers, which
   * are jobs of the engine (kind {@code fleet.rollout}); the engine says whether a holder lives.
   */
  private static final Set<String> RESOURCES =
      Set.of(
          "provisioning/src/main/java/io/storeplane/provisioning/pool/PoolEntries.java",
          "fleet/src/main/java/io/storeplane/fleet/rollout/RolloutRecords.java");

  /**
   * Modules that are never part of the product: the benchmarks (whose baseline is a bare SKIP
   * LOCKED loop) and the test helpers.
   */
  private static final Set<String> NOT_PRODUCT =
      Set.of("bench/", "test-databases/", "supabase-double/", "app-process/");

  /** SKIP LOCKED inside a string literal: SQL, not a comment that names it. */
  private static final Pattern SKIP_LOCKED_IN_SQL =
      Pattern.compile("\"[^\"\n]*\\bskip\\s+locked\\b", Pattern.CASE_INSENSITIVE);

  @Test
  void onlyTheEngineClaimsWithSkipLocked() {
    List<String> claimers = mainSourcesClaimingWithSkipLocked();
    assertThat(claimers)
        .as("the engine's store must be found, or this test sees nothing")
        .contains(ENGINE_STORE);
    assertThat(claimers)
        .as("main code claiming rows with SKIP LOCKED outside the job engine")
        .allMatch(path -> path.equals(ENGINE_STORE) || RESOURCES.contains(path));
  }

  private static List<String> mainSourcesClaimingWithSkipLocked() {
    try (Stream<Path> files = Files.walk(ROOT)) {
      return files
          .filter(path -> path.toString().endsWith(".java"))
          .map(path -> ROOT.relativize(path).toString().replace('\\', '/'))
          .filter(path -> path.contains("/src/main/") && !path.contains("/target/"))
          .filter(path -> NOT_PRODUCT.stream().noneMatch(path::startsWith))
          .filter(path -> SKIP_LOCKED_IN_SQL.matcher(read(ROOT.resolve(path))).find())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
