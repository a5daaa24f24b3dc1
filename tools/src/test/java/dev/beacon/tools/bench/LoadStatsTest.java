package dev.beacon.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LoadStatsTest {

  @Test
  @DisplayName("OK and ERR replies are told apart, errors counted by their code")
  void countsRepliesByKind() {
    LoadStats stats = new LoadStats();
    stats.recordReply(Buffer.buffer("OK"), 1_500_000);
    stats.recordReply("OK", 2_500_000);
    stats.recordReply(Buffer.buffer("ERR bad_format: expected 4 fields"), 0);
    stats.recordReply("ERR kafka_unavailable: try later", 0);
    stats.recordReply("what?", 0);

    assertThat(stats.ok()).isEqualTo(2);
    assertThat(stats.errors()).isEqualTo(3);
    assertThat(stats.errorsByCode())
        .containsEntry("bad_format", 1L)
        .containsEntry("kafka_unavailable", 1L)
        .containsEntry(LoadStats.UNEXPECTED_REPLY, 1L);
    LatencySummary latency = LatencySummary.of(stats.takeLatencyInterval());
    assertThat(latency.count()).isEqualTo(2);
    assertThat(latency.maxMs()).isBetween(2.4, 2.6);
  }

  @Test
  @DisplayName("an error code is the word between ERR and the colon")
  void parsesErrorCodes() {
    assertThat(LoadStats.errorCode("ERR timestamp_in_future: 400 s ahead"))
        .isEqualTo("timestamp_in_future");
    assertThat(LoadStats.errorCode("ERR overloaded")).isEqualTo("overloaded");
    assertThat(LoadStats.errorCode("ERR ")).isEqualTo(LoadStats.UNEXPECTED_REPLY);
    assertThat(LoadStats.errorCode("NOPE")).isEqualTo(LoadStats.UNEXPECTED_REPLY);
  }
}
