package dev.beacon.tools.bench.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MessageCompletionTest {

  @Test
  @DisplayName(
      "a message is complete when its last member has it; messages some member missed are counted apart")
  void completeTimeIsTheLastReceipt() {
    MessageCompletion completion = new MessageCompletion(2, 10);
    completion.sent(0, 0, 1_000_000_000L);
    completion.sent(1, 0, 1_000_000_000L);
    completion.sent(0, 1, 5_000_000_000L);
    completion.received(0, 0, 1_002_000_000L);
    completion.received(0, 0, 1_010_000_000L);
    completion.received(0, 0, 1_004_000_000L);
    completion.received(1, 0, 1_001_000_000L);
    completion.received(0, 1, 5_001_000_000L);

    MessageCompletion.Summary summary = completion.summarize(3, 0, Long.MAX_VALUE);
    assertThat(summary.messages()).isEqualTo(1);
    assertThat(summary.maxMs()).isEqualTo(10.0);
    assertThat(summary.incompleteMessages()).isEqualTo(2);
    assertThat(completion.summarize(3, 2_000_000_000L, Long.MAX_VALUE).messages())
        .as("outside the window")
        .isZero();
  }
}
