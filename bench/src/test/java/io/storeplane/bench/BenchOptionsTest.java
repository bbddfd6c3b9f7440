package io.storeplane.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  @Test
  void readsNameValueOptionsAfterTheScenarioWithDefaultsForTheRest() {
    BenchOptions options =
        new BenchOptions(new String[] {"onboarding", "--stores=4", "--app=/a/b=c.jar"}, 1);

    assertThat(options.integer("stores", 20)).isEqualTo(4);
    assertThat(options.integer("warmup", 5)).isEqualTo(5);
    assertThat(options.text("app", "x")).isEqualTo("/a/b=c.jar");
  }

  @Test
  void readsAListOfPositiveIntegers() {
    BenchOptions options = new BenchOptions(new String[] {"--concurrency=1, 4,16"}, 0);

    assertThat(options.positiveIntegers("concurrency", "2")).containsExactly(1, 4, 16);
    assertThat(options.positiveIntegers("levels", "1,4,16")).containsExactly(1, 4, 16);
  }

  @Test
  void refusesWhatIsNotAnOptionOrNotANumberNamingIt() {
    assertThatThrownBy(() -> new BenchOptions(new String[] {"--stores"}, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Options look like --name=value, not --stores");
    assertThatThrownBy(
            () -> new BenchOptions(new String[] {"--stores=many"}, 0).integer("stores", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--stores takes whole numbers, not 'many'");
    assertThatThrownBy(
            () ->
                new BenchOptions(new String[] {"--concurrency=1,,4"}, 0)
                    .positiveIntegers("concurrency", "1"))
        .hasMessage("--concurrency takes whole numbers, not ''");
    assertThatThrownBy(
            () ->
                new BenchOptions(new String[] {"--concurrency=4,0"}, 0)
                    .positiveIntegers("concurrency", "1"))
        .hasMessage("--concurrency takes positive integers separated by commas, not 0");
    assertThatThrownBy(
            () -> new BenchOptions(new String[] {"--stores=0"}, 0).positiveInteger("stores", 20))
        .hasMessage("--stores takes a positive integer, not 0");
  }
}
