package io.storeplane.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MachineCpuTest {

  @Test
  void theBusyShareIsBusyTicksOverAllTicksBetweenTwoSamples() {
    MachineCpu.Sample earlier = new MachineCpu.Sample(100, 10, 400);
    MachineCpu.Sample later = new MachineCpu.Sample(250, 30, 600);

    assertThat(later.busyPercentSince(earlier)).isEqualTo(75.0);
  }

  @Test
  void waitingForIoCountsAsBusyWhereTheMachineMustBeIdle() {
    MachineCpu.Sample earlier = new MachineCpu.Sample(100, 10, 400);
    MachineCpu.Sample later = new MachineCpu.Sample(250, 30, 600);

    assertThat(later.busyOrWaitingPercentSince(earlier)).isEqualTo(85.0);
  }

  @Test
  void noTicksBetweenSamplesIsNoFigure() {
    MachineCpu.Sample none = new MachineCpu.Sample(0, 0, 0);

    assertThat(none.busyPercentSince(none)).isNaN();
    assertThat(none.busyOrWaitingPercentSince(none)).isNaN();
  }

  @Test
  void readsThisMachine() {
    assumeTrue(Files.exists(Path.of("/proc/stat")), "a Linux /proc/stat");
    MachineCpu.Sample sample = MachineCpu.sample();

    assertThat(sample.total()).as("ticks since boot").isPositive();
    assertThat(sample.busy()).isBetween(0L, sample.total());
    assertThat(sample.busy() + sample.ioWait()).isBetween(0L, sample.total());
  }
}
