package dev.beacon.broadcaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.runtime.kafka.Topics;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TransactionPairTest {

  private static final TopicPartition P0 = new TopicPartition(Topics.MESSAGES, 0);
  private static final ConsumerGroupMetadata GROUP =
      new ConsumerGroupMetadata("beacon-broadcaster");

  /** Commits wait here until the test runs them, as a busy committer thread would leave them. */
  private final Queue<Runnable> queued = new ArrayDeque<>();

  private final Executor committer = queued::add;
  private final MockProducer<byte[], byte[]> first = producer();
  private final MockProducer<byte[], byte[]> second = producer();
  private final BroadcasterStats stats = new BroadcasterStats();
  private final TransactionPair pair = new TransactionPair(first, second, committer, stats);

  private static MockProducer<byte[], byte[]> producer() {
    return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static RoutedBatch batch(long nextOffset) {
    return new RoutedBatch(
        List.of(new ProducerRecord<>(Topics.DELIVERIES, new byte[] {1}, new byte[] {2})),
        Map.of(P0, new OffsetAndMetadata(nextOffset)),
        1,
        0);
  }

  private void runQueued() {
    for (Runnable task = queued.poll(); task != null; task = queued.poll()) {
      task.run();
    }
  }

  @BeforeEach
  void init() {
    pair.initTransactions();
  }

  @Test
  @DisplayName(
      "routing goes on through the other producer while a commit waits, and commits keep their order")
  void routesDuringCommit() {
    pair.send(batch(1));
    pair.handOver(GROUP);
    pair.send(batch(2));

    assertThat(first.flushed()).isTrue();
    assertThat(first.transactionCommitted()).isFalse();
    assertThat(second.transactionInFlight()).isTrue();

    pair.handOver(GROUP);
    runQueued();
    pair.awaitCommits();

    assertThat(first.consumerGroupOffsetsHistory().get(0).get(GROUP.groupId()))
        .isEqualTo(Map.of(P0, new OffsetAndMetadata(1)));
    assertThat(second.consumerGroupOffsetsHistory().get(0).get(GROUP.groupId()))
        .isEqualTo(Map.of(P0, new OffsetAndMetadata(2)));
    assertThat(stats.transactionsCommitted()).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "a failed commit aborts the one queued behind it, and the failure reaches the router")
  void failedCommitAbortsTheNext() {
    first.commitTransactionException = new KafkaException("broker went away");
    pair.send(batch(1));
    pair.handOver(GROUP);
    pair.send(batch(2));
    pair.handOver(GROUP);
    runQueued();

    assertThat(first.transactionAborted()).isTrue();
    assertThat(second.transactionAborted()).isTrue();
    assertThat(second.consumerGroupOffsetsHistory()).isEmpty();
    assertThatThrownBy(pair::checkCommits)
        .isInstanceOf(KafkaException.class)
        .hasMessageContaining("went away");

    pair.abortAll();
    first.commitTransactionException = null;
    pair.send(batch(2));
    pair.handOver(GROUP);
    runQueued();
    pair.checkCommits();
    assertThat(stats.transactionsCommitted()).isEqualTo(1);
  }

  @Test
  @DisplayName("a fenced producer is fatal: abortAll rethrows instead of retrying")
  void fencedIsFatal() {
    pair.send(batch(1));
    first.fenceProducer();
    pair.handOver(GROUP);
    runQueued();

    assertThatThrownBy(pair::checkCommits).isInstanceOf(ProducerFencedException.class);
    assertThatThrownBy(pair::abortAll).isInstanceOf(ProducerFencedException.class);
  }
}
