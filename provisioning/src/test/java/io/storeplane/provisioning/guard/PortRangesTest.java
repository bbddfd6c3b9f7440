package io.storeplane.provisioning.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PortRangesTest {

  @Test
  void parsesPortsAndRanges() {
    PortRanges ports = PortRanges.parse(" 5432, 3306 ,6543-6544");

    assertThat(ports.contains(5432)).isTrue();
    assertThat(ports.contains(6544)).isTrue();
    assertThat(ports.contains(6545)).isFalse();
    assertThat(ports.contains(22)).isFalse();
    assertThat(ports).hasToString("3306,5432,6543-6544");
  }

  @Test
  void allCoversEveryValidPortOnly() {
    assertThat(PortRanges.ALL.contains(1)).isTrue();
    assertThat(PortRanges.ALL.contains(65535)).isTrue();
    assertThat(PortRanges.ALL.contains(0)).isFalse();
    assertThat(PortRanges.ALL.contains(65536)).isFalse();
    assertThat(PortRanges.ALL.contains(-1)).isFalse();
  }

  @Test
  void rejectsInvalidSpecs() {
    for (String spec : new String[] {"", "0", "65536", "5432,", "10-5", "a", "1-2-3", "-5"}) {
      assertThatThrownBy(() -> PortRanges.parse(spec))
          .as(spec)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(PortRanges::of).isInstanceOf(IllegalArgumentException.class);
  }
}
