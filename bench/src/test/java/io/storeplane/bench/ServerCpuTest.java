package io.storeplane.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class ServerCpuTest {

  @Test
  void countsTheJitCompilersOfARunningJvm() {
    long self = ProcessHandle.current().pid();
    assumeTrue(Files.isDirectory(Path.of("/proc/" + self + "/task")), "Linux's /proc");
    double before = ServerCpu.compilerNanos(self);
    // new hot code for the compilers of this JVM (the test's own), until they have spent a tick
    long sum = 0;
    for (int round = 0; round < 200 && ServerCpu.compilerNanos(self) <= before; round++) {
      for (int i = 0; i < 200_000; i++) {
        sum += Long.toString(ThreadLocalRandom.current().nextLong()).hashCode();
      }
    }

    assertThat(ServerCpu.compilerNanos(self)).as("after %d", sum).isGreaterThan(before);
    assertThat(ServerCpu.compilerNanos(self)).isLessThanOrEqualTo(ServerCpu.cpuNanos(self));
  }

  @Test
  void aProcessThatIsNotThereHasNoFigure() {
    assertThat(ServerCpu.compilerNanos(Long.MAX_VALUE)).isNaN();
  }
}
