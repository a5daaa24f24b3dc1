package dev.beacon.tools.bench.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SaturationSearchTest {

  private static SaturationSearch.Step ok(int rate, double perSecond, double p99) {
    return new SaturationSearch.Step(rate, perSecond, p99, 0, 0);
  }

  @Test
  @DisplayName(
      "the rate rises by the factor while deliveries/s keep rising, and stops when they flatten")
  void stopsWhenThroughputFlattens() {
    SaturationSearch search = new SaturationSearch(100, 1.5, 10, 250);
    assertThat(search.nextRate()).hasValue(100);
    search.record(ok(100, 20_000, 5));
    assertThat(search.nextRate()).hasValue(150);
    search.record(ok(150, 30_000, 6));
    assertThat(search.nextRate()).hasValue(225);
    search.record(ok(225, 30_500, 9));
    assertThat(search.nextRate()).isEmpty();
    assertThat(search.best().rate()).isEqualTo(225);
    assertThat(search.stopReason()).contains("stopped rising");
    assertThat(search.describe()).contains("30,500 deliveries/s at 225 msgs/s");
  }

  @Test
  @DisplayName(
      "a step that loses or duplicates anything ends the search and does not count as the best")
  void stopsOnLoss() {
    SaturationSearch search = new SaturationSearch(100, 2, 10, 250);
    search.record(ok(100, 20_000, 5));
    search.record(new SaturationSearch.Step(200, 40_000, 5, 3, 0));
    assertThat(search.nextRate()).isEmpty();
    assertThat(search.best().rate()).isEqualTo(100);
    assertThat(search.stopReason()).contains("lost 3");
  }

  @Test
  @DisplayName("a p99 above the bound ends the search; with no good step the description says so")
  void stopsOnLatency() {
    SaturationSearch search = new SaturationSearch(100, 1.5, 10, 25);
    search.record(ok(100, 20_000, 40));
    assertThat(search.nextRate()).isEmpty();
    assertThat(search.best()).isNull();
    assertThat(search.describe()).contains("no step passed").contains("above the bound of 25.0 ms");
  }

  @Test
  @DisplayName("the search ends after the last step, and small rates still rise by at least one")
  void boundedInSteps() {
    SaturationSearch search = new SaturationSearch(1, 1.1, 3, 250);
    search.record(ok(1, 100, 1));
    assertThat(search.nextRate()).hasValue(2);
    search.record(ok(2, 200, 1));
    search.record(ok(3, 300, 1));
    assertThat(search.nextRate()).isEmpty();
    assertThat(search.stopReason()).contains("last of 3 steps");
  }

  @Test
  @DisplayName("settings that would never end or never start are refused with the option to fix")
  void validates() {
    assertThatThrownBy(() -> new SaturationSearch(100, 1.0, 10, 250))
        .hasMessageContaining("--saturate-factor");
    assertThatThrownBy(() -> new SaturationSearch(0, 1.5, 10, 250))
        .hasMessageContaining("--saturate-start");
    assertThatThrownBy(() -> new SaturationSearch(10, 1.5, 0, 250))
        .hasMessageContaining("--saturate-steps");
    assertThatThrownBy(() -> new SaturationSearch(10, 1.5, 5, 0))
        .hasMessageContaining("--saturate-max-p99");
  }
}
