package dev.beacon.broadcaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.common.presence.PresenceView;
import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.DeliveryRecordCodec;
import dev.beacon.common.protocol.MessageRecord;
import dev.beacon.common.protocol.MessageRecordCodec;
import dev.beacon.runtime.kafka.ConsumeLoop;
import dev.beacon.runtime.kafka.DeadLetters;
import dev.beacon.runtime.kafka.DeliverySource;
import dev.beacon.runtime.kafka.RetryBackoff;
import dev.beacon.runtime.kafka.TopicNames;
import dev.beacon.runtime.kafka.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
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

class DeliveryRouterTest {

  private static final long NOW = 1_763_762_345_123L;
  private static final TopicPartition P0 = new TopicPartition(Topics.MESSAGES, 0);

  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  private final MockProducer<byte[], byte[]> producer = producer();
  private final MockProducer<byte[], byte[]> second = producer();
  private final BroadcasterStats stats = new BroadcasterStats();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ConsumeLoop broadcaster = broadcaster(consumer, producer, second, Duration.ZERO);

  private static MockProducer<byte[], byte[]> producer() {
    return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * A broadcaster whose commits run on the calling thread, so that a turn's outcome is known when
   * it returns.
   */
  private ConsumeLoop broadcaster(
      MockConsumer<byte[], byte[]> consumer,
      MockProducer<byte[], byte[]> first,
      MockProducer<byte[], byte[]> second,
      Duration commitInterval) {
    return loop(consumer, router(first, second, commitInterval));
  }

  private ConsumeLoop loop(MockConsumer<byte[], byte[]> consumer, DeliveryRouter router) {
    return new ConsumeLoop(
        consumer, router, DeliveryRouter.SETTINGS, new RetryBackoff(), DeadLetters.NONE, registry);
  }

  private DeliveryRouter router(
      MockProducer<byte[], byte[]> first,
      MockProducer<byte[], byte[]> second,
      Duration commitInterval) {
    return new DeliveryRouter(
        first,
        second,
        new DirectExecutorService(),
        new PresenceView(),
        stats,
        () -> NOW,
        "beacon-broadcaster",
        commitInterval,
        TopicNames.DEFAULT);
  }

  @BeforeEach
  void started() {
    broadcaster.start();
    consumer.rebalance(List.of(P0));
    consumer.updateBeginningOffsets(Map.of(P0, 0L));
    assertThat(broadcaster.ready()).isCompleted();
    assertThat(producer.transactionInitialized()).isTrue();
    assertThat(second.transactionInitialized()).isTrue();
  }

  private static void add(
      MockConsumer<byte[], byte[]> consumer, long offset, MessageRecord message) {
    consumer.addRecord(
        new ConsumerRecord<>(
            Topics.MESSAGES,
            0,
            offset,
            MessageRecordCodec.key(message),
            MessageRecordCodec.encode(message)));
  }

  private void add(long offset, MessageRecord message) {
    add(offset, MessageRecordCodec.key(message), MessageRecordCodec.encode(message));
  }

  private void add(long offset, byte[] key, byte[] value) {
    consumer.addRecord(new ConsumerRecord<>(Topics.MESSAGES, 0, offset, key, value));
  }

  private static DeliveryRecord decode(ProducerRecord<byte[], byte[]> record) {
    return DeliveryRecordCodec.decode(record.value());
  }

  @Test
  @DisplayName(
      "a poll becomes one transaction: the deliveries with the message keys, then the offsets")
  void routesInOneTransaction() {
    MessageRecord chat = MessageRecord.chat("lobby", "c-1", "gw-a", "ana", "hi", NOW);
    MessageRecord broadcast = MessageRecord.broadcast("c-1", "gw-a", "ops", "maintenance", NOW);
    add(0, chat);
    add(1, broadcast);

    broadcaster.pollOnce();

    assertThat(producer.transactionCommitted()).isTrue();
    assertThat(producer.history())
        .extracting(ProducerRecord::topic)
        .containsOnly(Topics.DELIVERIES);
    assertThat(producer.history())
        .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
        .containsExactly("lobby", "*");
    assertThat(decode(producer.history().get(0)).messageId()).isEqualTo(chat.id());
    assertThat(producer.consumerGroupOffsetsHistory()).hasSize(1);
    assertThat(producer.consumerGroupOffsetsHistory().get(0).values())
        .containsExactly(Map.of(P0, new OffsetAndMetadata(2)));
    assertThat(stats.messagesRouted()).isEqualTo(2);
    assertThat(stats.deliveriesProduced()).isEqualTo(2);
    assertThat(stats.transactionsCommitted()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "a transaction stays open over polls until its commit interval: deliveries are sent at once, "
          + "committed later with the offsets of every poll")
  void transactionSpansPolls() {
    MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    MockProducer<byte[], byte[]> producer = producer();
    DeliveryRouter router = router(producer, producer(), Duration.ofHours(1));
    ConsumeLoop windowed = loop(consumer, router);
    windowed.start();
    consumer.rebalance(List.of(P0));
    consumer.updateBeginningOffsets(Map.of(P0, 0L));
    MessageRecord first = MessageRecord.chat("lobby", "c-1", "gw-a", "ana", "one", NOW);
    MessageRecord second = MessageRecord.chat("lobby", "c-1", "gw-a", "ana", "two", NOW);
    consumer.addRecord(
        new ConsumerRecord<>(
            Topics.MESSAGES,
            0,
            0,
            MessageRecordCodec.key(first),
            MessageRecordCodec.encode(first)));
    windowed.pollOnce();
    consumer.addRecord(
        new ConsumerRecord<>(
            Topics.MESSAGES,
            0,
            1,
            MessageRecordCodec.key(second),
            MessageRecordCodec.encode(second)));
    windowed.pollOnce();

    assertThat(producer.uncommittedRecords()).hasSize(2);
    assertThat(producer.history()).isEmpty();
    assertThat(router.pollTimeout(Duration.ofMillis(500)))
        .isPositive()
        .isLessThanOrEqualTo(Duration.ofHours(1));

    router.flush();

    assertThat(producer.history()).hasSize(2);
    assertThat(producer.consumerGroupOffsetsHistory()).hasSize(1);
    assertThat(producer.consumerGroupOffsetsHistory().get(0).values())
        .containsExactly(Map.of(P0, new OffsetAndMetadata(2)));
    assertThat(stats.transactionsCommitted()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "every delivery names its source message, so that a gateway can drop the copies of a re-routing")
  void deliveriesCarryTheirSource() {
    add(7, MessageRecord.chat("lobby", "c-1", "gw-a", "ana", "hi", NOW));

    broadcaster.pollOnce();

    assertThat(DeliverySource.readFrom(producer.history().get(0).headers()))
        .isEqualTo(new DeliverySource(DeliverySource.SourceTopic.MESSAGES, 0, 7, 0));
  }

  @Test
  @DisplayName(
      "a malformed record takes the loop's bad-record policy, and its offset is committed with the others")
  void skipsMalformed() {
    MessageRecord chat = MessageRecord.chat("lobby", "c-1", "gw-a", "ana", "hi", NOW);
    add(0, "lobby".getBytes(StandardCharsets.UTF_8), "{not json".getBytes(StandardCharsets.UTF_8));
    add(1, chat);
    add(
        2,
        "x".getBytes(StandardCharsets.UTF_8),
        "{\"v\":1,\"kind\":\"shout\"}".getBytes(StandardCharsets.UTF_8));

    broadcaster.pollOnce();

    assertThat(producer.history()).hasSize(1);
    assertThat(decode(producer.history().get(0)).room()).isEqualTo("lobby");
    assertThat(producer.consumerGroupOffsetsHistory().get(0).values())
        .containsExactly(Map.of(P0, new OffsetAndMetadata(3)));
    assertThat(
            registry
                .counter(
                    "beacon_consumer_bad_records", "topic", Topics.MESSAGES, "task", "broadcaster")
                .count())
        .isEqualTo(2);
    assertThat(stats.messagesRouted()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "a batch of only malformed records still commits its offsets, so they are not read again")
  void onlyMalformed() {
    add(0, null, null);

    broadcaster.pollOnce();

    assertThat(producer.history()).isEmpty();
    assertThat(producer.transactionCommitted()).isTrue();
    assertThat(producer.consumerGroupOffsetsHistory().get(0).values())
        .containsExactly(Map.of(P0, new OffsetAndMetadata(1)));
  }

  @Test
  @DisplayName(
      "a failed commit aborts the transaction and re-reads the messages from the committed offset")
  void abortRewinds() {
    MessageRecord chat = MessageRecord.chat("lobby", "c-1", "gw-a", "ana", "hi", NOW);
    add(0, chat);
    producer.commitTransactionException = new KafkaException("broker went away");

    broadcaster.pollOnce();

    assertThat(producer.transactionAborted()).isTrue();
    assertThat(producer.history()).isEmpty();
    assertThat(stats.transactionsAborted()).isEqualTo(1);
    assertThat(stats.messagesRouted()).isZero();
    assertThat(consumer.position(P0)).isZero();

    add(0, chat); // MockConsumer hands out a record once; a broker serves it again from the rewound
    // position
    broadcaster.pollOnce();

    // The pair's other producer carried the retry.
    assertThat(second.history()).hasSize(1);
    assertThat(decode(second.history().get(0)).messageId()).isEqualTo(chat.id());
    assertThat(stats.messagesRouted()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "a commit failing inside a rebalance is dealt with on the next turn, not inside the callback")
  void failureInARebalanceWaitsForTheNextTurn() {
    MockConsumer<byte[], byte[]> messages = new MockConsumer<>("earliest");
    MockProducer<byte[], byte[]> one = producer();
    MockProducer<byte[], byte[]> two = producer();
    DeliveryRouter router = router(one, two, Duration.ofHours(1));
    ConsumeLoop loop = loop(messages, router);
    loop.start();
    messages.rebalance(List.of(P0));
    messages.updateBeginningOffsets(Map.of(P0, 0L));
    MessageRecord chat = MessageRecord.chat("lobby", "c-1", "gw-a", "ana", "hi", NOW);
    add(messages, 0, chat);
    loop.pollOnce();
    assertThat(messages.position(P0)).isEqualTo(1);
    one.commitTransactionException = new KafkaException("coordinator moved");

    router.onRevoked(List.of(P0));

    // Inside the callback: the failure only moves the recovery's state; the consumer is not asked
    // for its committed
    // offsets.
    assertThat(router.state()).isEqualTo(RouterRecovery.State.ABORTING);
    assertThat(messages.position(P0)).isEqualTo(1);

    add(messages, 1, MessageRecord.chat("lobby", "c-1", "gw-a", "ana", "next", NOW));
    loop.pollOnce();
    assertThat(stats.transactionsAborted()).isEqualTo(1);
    assertThat(router.state()).isEqualTo(RouterRecovery.State.ROUTING);
    assertThat(messages.position(P0)).isZero();
    assertThat(stats.messagesRouted()).isZero();
    add(messages, 0, chat);
    loop.pollOnce();
    router.flush();
    List<ProducerRecord<byte[], byte[]>> committed = new ArrayList<>(one.history());
    committed.addAll(two.history());
    assertThat(committed).extracting(r -> decode(r).messageId()).containsExactly(chat.id());
  }

  @Test
  @DisplayName(
      "transactions alternate between the two producers, each committing the offsets of its own polls")
  void producersTakeTurns() {
    add(0, MessageRecord.chat("lobby", "c-1", "gw-a", "ana", "one", NOW));
    broadcaster.pollOnce();
    add(1, MessageRecord.chat("lobby", "c-1", "gw-a", "ana", "two", NOW));
    broadcaster.pollOnce();

    assertThat(producer.history())
        .extracting(r -> decode(r).payload())
        .singleElement()
        .asString()
        .contains("one");
    assertThat(second.history())
        .extracting(r -> decode(r).payload())
        .singleElement()
        .asString()
        .contains("two");
    assertThat(producer.consumerGroupOffsetsHistory().get(0).values())
        .containsExactly(Map.of(P0, new OffsetAndMetadata(1)));
    assertThat(second.consumerGroupOffsetsHistory().get(0).values())
        .containsExactly(Map.of(P0, new OffsetAndMetadata(2)));
    assertThat(stats.transactionsCommitted()).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "fenced once (a pause past the transaction timeout): new producers, the message routed again, once")
  void fencedOnceIsReplaced() {
    List<MockProducer<byte[], byte[]>> made = new ArrayList<>();
    MockConsumer<byte[], byte[]> messages = new MockConsumer<>("earliest");
    ConsumeLoop loop = fencingLoop(messages, made);
    add(messages, 0, MessageRecord.chat("lobby", "c-1", "gw-a", "ana", "hi", NOW));
    made.get(0).fenceProducer();

    loop.pollOnce();

    assertThat(made).hasSize(4);
    assertThat(made.get(0).closed()).isTrue();
    assertThat(made.get(2).transactionInitialized()).isTrue();
    assertThat(stats.transactionsAborted()).isEqualTo(1);
    // The rewind re-reads the message from the last committed offset (MockConsumer hands out
    // records once).
    add(messages, 0, MessageRecord.chat("lobby", "c-1", "gw-a", "ana", "hi", NOW));
    loop.pollOnce();
    assertThat(made.get(2).transactionCommitted()).isTrue();
    assertThat(made.get(2).history()).hasSize(1);
  }

  @Test
  @DisplayName(
      "fenced again and again within minutes (a twin with the same transactional.id) stops the loop")
  void fencedRepeatedlyStops() {
    List<MockProducer<byte[], byte[]>> made = new ArrayList<>();
    MockConsumer<byte[], byte[]> messages = new MockConsumer<>("earliest");
    ConsumeLoop loop = fencingLoop(messages, made);
    for (int round = 0; round < RefencingBudget.MAX; round++) {
      add(messages, round, MessageRecord.chat("lobby", "c-1", "gw-a", "ana", "hi " + round, NOW));
      made.get(made.size() - 2).fenceProducer();
      loop.pollOnce();
    }
    add(
        messages,
        RefencingBudget.MAX,
        MessageRecord.chat("lobby", "c-1", "gw-a", "ana", "again", NOW));
    made.get(made.size() - 2).fenceProducer();

    assertThatThrownBy(loop::pollOnce).isInstanceOf(ProducerFencedException.class);
    assertThat(
            new DeliveryRouter(
                    i -> producer(),
                    new DirectExecutorService(),
                    new PresenceView(),
                    stats,
                    () -> NOW,
                    "g",
                    Duration.ZERO,
                    TopicNames.DEFAULT)
                .reasonOf(new ProducerFencedException("x")))
        .contains("BEACON_BROADCASTER_INSTANCE");
  }

  @Test
  @DisplayName(
      "producers failing every call (an error state only new producers leave) are replaced after three"
          + " failures without a commit")
  void producersInAnErrorStateAreReplaced() {
    List<MockProducer<byte[], byte[]>> made = new ArrayList<>();
    MockConsumer<byte[], byte[]> messages = new MockConsumer<>("earliest");
    ConsumeLoop loop = fencingLoop(messages, made);
    KafkaException broken =
        new KafkaException("Cannot execute transactional method because we are in an error state");
    made.get(0).beginTransactionException = broken;
    made.get(1).beginTransactionException = broken;
    MessageRecord chat = MessageRecord.chat("lobby", "c-1", "gw-a", "ana", "hi", NOW);

    for (int turn = 0;
        turn < 2 * DeliveryRouter.ABORTS_BEFORE_NEW_PRODUCERS && made.size() == 2;
        turn++) {
      add(messages, 0, chat); // read again after each rewind (MockConsumer hands out a record once)
      loop.pollOnce();
    }

    assertThat(made).as("producers made: the first pair, then one new pair").hasSize(4);
    assertThat(made.get(0).closed()).isTrue();
    add(messages, 0, chat);
    loop.pollOnce();
    loop.pollOnce();
    List<ProducerRecord<byte[], byte[]>> committed = new ArrayList<>(made.get(2).history());
    committed.addAll(made.get(3).history());
    assertThat(committed).extracting(r -> decode(r).messageId()).containsExactly(chat.id());
  }

  /**
   * A started loop over a fresh consumer whose producers are made anew each time, recorded in
   * {@code made}.
   */
  private ConsumeLoop fencingLoop(
      MockConsumer<byte[], byte[]> consumer, List<MockProducer<byte[], byte[]>> made) {
    DeliveryRouter router =
        new DeliveryRouter(
            index -> {
              MockProducer<byte[], byte[]> p = producer();
              made.add(p);
              return p;
            },
            new DirectExecutorService(),
            new PresenceView(),
            stats,
            () -> NOW,
            "beacon-broadcaster",
            Duration.ZERO,
            TopicNames.DEFAULT);
    ConsumeLoop loop = loop(consumer, router);
    loop.start();
    consumer.rebalance(List.of(P0));
    consumer.updateBeginningOffsets(Map.of(P0, 0L));
    return loop;
  }

  @Test
  @DisplayName("its loop's thread stops on close() and closes both clients")
  void stopEndsRun() {
    MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    MockProducer<byte[], byte[]> producer = producer();
    MockProducer<byte[], byte[]> second = producer();
    ConsumeLoop broadcaster = broadcaster(consumer, producer, second, Duration.ZERO);
    broadcaster.startThread("test-router", true);
    broadcaster.ready().join();

    assertThat(broadcaster.close(Duration.ofSeconds(5))).isTrue();
    assertThat(broadcaster.hasFailed()).isFalse();
    assertThat(consumer.closed()).isTrue();
    assertThat(producer.closed()).isTrue();
    assertThat(second.closed()).isTrue();
  }
}
