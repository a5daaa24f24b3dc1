package dev.beacon.tools.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SoakVerdictTest {

  private static final long MB = 1L << 20;

  private static SoakSample sample(long t, long gatewayHeapMb, long gatewayFds, long ingestorLag) {
    ProcessGauges steady = new ProcessGauges(20 * MB, 8 * MB, 80, 50);
    return new SoakSample(
        t,
        new ProcessGauges(gatewayHeapMb * MB, 8 * MB, gatewayFds, 50),
        steady,
        steady,
        ingestorLag,
        0,
        t * 100,
        t);
  }

  @Test
  @DisplayName("gauges that stay within their tolerance are bounded")
  void steady() {
    SoakVerdict verdict =
        SoakVerdict.judge(
            List.of(
                sample(10, 30, 80, 10),
                sample(20, 34, 82, 50),
                sample(30, 31, 79, 0),
                sample(40, 40, 90, 3_000)));

    assertThat(verdict.bounded()).isTrue();
  }

  @Test
  @DisplayName("a heap, a file-descriptor count and a lag that keep growing are each reported")
  void growth() {
    SoakVerdict verdict =
        SoakVerdict.judge(
            List.of(
                sample(10, 30, 80, 0),
                sample(20, 32, 80, 0),
                sample(30, 90, 200, 9_000),
                sample(40, 120, 260, 12_000)));

    assertThat(verdict.bounded()).isFalse();
    assertThat(verdict.grew())
        .hasSize(3)
        .anySatisfy(g -> assertThat(g).startsWith("gateway heap"))
        .anySatisfy(g -> assertThat(g).startsWith("gateway fds"))
        .anySatisfy(g -> assertThat(g).startsWith("ingestor lag"));
  }
}
