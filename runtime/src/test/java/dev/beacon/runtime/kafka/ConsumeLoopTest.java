package dev.beacon.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The loop's life against a {@link MockConsumer}: turns, back-off, rebalances, stop, and closing on
 * every path.
 */
class ConsumeLoopTest {

  private static final String TOPIC = "beacon.test";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
  private static final LoopSettings SETTINGS =
      LoopSettings.builder()
          .name("test loop")
          .work("reading " + TOPIC)
          .consequence("nothing works any more, restart the test")
          .idlePoll(Duration.ofMillis(10))
          .build();

  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  private final RecordingTask task = new RecordingTask(TOPIC);
  private final RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(1), Duration.ofMillis(4));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<String> deadLetters = new CopyOnWriteArrayList<>();
  private final DeadLetters dlq =
      (record, name, reason) ->
          deadLetters.add(
              record.topic()
                  + "-"
                  + record.partition()
                  + "@"
                  + record.offset()
                  + " "
                  + name
                  + ": "
                  + reason);
  private final ConsumeLoop loop =
      new ConsumeLoop(consumer, task, SETTINGS, backoff, dlq, registry);

  private void add(TopicPartition partition, long offset) {
    consumer.addRecord(
        new ConsumerRecord<>(
            partition.topic(), partition.partition(), offset, new byte[] {1}, new byte[] {2}));
  }

  private void startAssigned(TopicPartition... partitions) {
    loop.start();
    consumer.rebalance(List.of(partitions));
    for (TopicPartition partition : partitions) {
      consumer.updateBeginningOffsets(Map.of(partition, 0L));
    }
  }

  @Test
  @DisplayName(
      "a turn hands the poll's records to put, then calls afterPoll; an empty poll only afterPoll")
  void pollThenPut() {
    startAssigned(P0);
    add(P0, 0);
    add(P0, 1);

    loop.pollOnce();
    loop.pollOnce();

    assertThat(task.calls)
        .containsExactly("start", "assigned [beacon.test-0]", "put", "afterPoll", "afterPoll");
    assertThat(task.offsetsPut).containsExactly(0L, 1L);
    assertThat(loop.ready()).isCompleted();
  }

  @Test
  @DisplayName(
      "a poll the task hands back is read again from its first offsets after a back-off that doubles; a"
          + " success resets it")
  void failureBacksOffThenRetries() {
    startAssigned(P0);
    AtomicInteger failures = new AtomicInteger(2);
    task.onPut =
        records -> {
          if (failures.getAndDecrement() > 0) {
            // MockConsumer hands a record out once; a broker serves it again from the position the
            // loop seeks back to.
            add(P0, 0);
            throw new RetryBatchException(
                "sending failed", new KafkaException("broker away (simulated)"));
          } else {
            task.context.succeeded();
          }
        };
    add(P0, 0);

    long started = System.nanoTime();
    loop.pollOnce();
    assertThat(task.context.nextBackOffMillis()).isEqualTo(2);
    loop.pollOnce();
    assertThat(task.context.nextBackOffMillis()).isEqualTo(4);
    loop.pollOnce();

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(3);
    assertThat(task.offsetsPut).containsExactly(0L, 0L, 0L);
    assertThat(task.context.nextBackOffMillis()).isEqualTo(1);
    assertThat(loop.hasFailed()).isFalse();
  }

  @Test
  @DisplayName(
      "subscribing through the context brings every rebalance to the task: revoked before assigned")
  void rebalanceHooks() {
    startAssigned(P0);

    consumer.rebalance(List.of(P1));

    assertThat(task.calls)
        .containsExactly(
            "start",
            "assigned [beacon.test-0]",
            "revoked [beacon.test-0]",
            "assigned [beacon.test-1]");
  }

  @Test
  @DisplayName(
      "stop() during a poll ends the loop: the task is flushed, then closed, then the consumer")
  void stopDuringPoll() throws InterruptedException {
    CountDownLatch polling = new CountDownLatch(1);
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(P0));
          consumer.updateBeginningOffsets(Map.of(P0, 0L));
        });
    consumer.schedulePollTask(polling::countDown);

    stopOnceReached(loop, polling);

    assertThat(task.callsExcept("afterPoll"))
        .containsExactly("start", "assigned [beacon.test-0]", "flush", "close");
    assertThat(consumer.closed()).isTrue();
  }

  @Test
  @DisplayName("stop() during a back-off cuts the wait short and ends the loop after the turn")
  void stopDuringBackoff() throws InterruptedException {
    ConsumeLoop patient =
        new ConsumeLoop(
            consumer,
            task,
            SETTINGS,
            new RetryBackoff(Duration.ofMinutes(10), Duration.ofMinutes(10)),
            dlq,
            registry);
    CountDownLatch failing = new CountDownLatch(1);
    task.onPut =
        records -> {
          failing.countDown();
          task.context.backOff();
        };
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(P0));
          consumer.updateBeginningOffsets(Map.of(P0, 0L));
          add(P0, 0);
        });

    stopOnceReached(patient, failing);

    assertThat(task.calls).endsWith("flush", "close");
    assertThat(consumer.closed()).isTrue();
  }

  /**
   * Runs {@code loop} on a thread, stops it once {@code reached} opens, and checks that it ended
   * cleanly.
   */
  private static void stopOnceReached(ConsumeLoop loop, CountDownLatch reached)
      throws InterruptedException {
    Thread thread = new Thread(loop, "test-loop");
    thread.start();
    assertThat(reached.await(10, TimeUnit.SECONDS)).isTrue();
    loop.stop();
    thread.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(thread.isAlive()).isFalse();
    assertThat(loop.hasFailed()).isFalse();
  }

  @Test
  @DisplayName(
      "an error that escapes a turn fails the loop: no flush, but the task and the consumer are closed")
  void failureClosesEverything() {
    startAssigned(P0);
    task.onPut =
        records -> {
          throw new KafkaException("not authorized (simulated)");
        };
    add(P0, 0);

    loop.run();

    assertThat(loop.hasFailed()).isTrue();
    assertThat(task.calls).doesNotContain("flush").endsWith("put", "close");
    assertThat(consumer.closed()).isTrue();
  }

  @Test
  @DisplayName(
      "a start that fails fails ready() with its error, and still closes the task and the consumer")
  void failedStart() {
    KafkaException refused = new KafkaException("no such topic (simulated)");
    task.onStart =
        () -> {
          throw refused;
        };

    loop.run();

    assertThat(loop.ready()).isCompletedExceptionally();
    assertThat(loop.ready().handle((v, e) -> e).join()).isSameAs(refused);
    assertThat(loop.hasFailed()).isTrue();
    assertThat(task.calls).containsExactly("start", "close");
    assertThat(consumer.closed()).isTrue();
  }

  @Test
  @DisplayName("a wakeup nobody asked for is a failure, not a stop")
  void unexpectedWakeup() {
    startAssigned(P0);
    consumer.wakeup();

    loop.run();

    assertThat(loop.hasFailed()).isTrue();
    assertThat(task.calls).doesNotContain("flush").endsWith("close");
  }

  @Test
  @DisplayName(
      "a loop that never ran closes its task and consumer once, however often it is closed")
  void closeUnstarted() {
    loop.closeUnstarted();
    loop.closeUnstarted();

    assertThat(task.calls).containsExactly("close");
    assertThat(consumer.closed()).isTrue();
    assertThat(loop.hasFailed()).isFalse();
  }

  @Test
  @DisplayName(
      "an assigned loop is ready once it has read up to the end offsets seen at start; a subscribed one once"
          + " started; a loop that ends first fails ready()")
  void readyOnceCaughtUp() {
    task.assign = true;
    consumer.updatePartitions(
        TOPIC, List.of(new PartitionInfo(TOPIC, 0, new Node(0, "localhost", 9092), null, null)));
    consumer.updateBeginningOffsets(Map.of(P0, 0L));
    consumer.updateEndOffsets(Map.of(P0, 2L));
    loop.start();
    assertThat(loop.ready()).isNotDone();

    add(P0, 0);
    loop.pollOnce();
    assertThat(loop.ready()).isNotDone();
    add(P0, 1);
    loop.pollOnce();
    assertThat(loop.ready()).isCompleted();

    ConsumeLoop subscribed =
        new ConsumeLoop(
            new MockConsumer<>("earliest"),
            new RecordingTask(TOPIC),
            SETTINGS,
            backoff,
            dlq,
            registry);
    subscribed.start();
    assertThat(subscribed.ready()).isCompleted();

    RecordingTask late = new RecordingTask(TOPIC);
    late.assign = true;
    ConsumeLoop stopped =
        new ConsumeLoop(new MockConsumer<>("earliest"), late, SETTINGS, backoff, dlq, registry);
    stopped.stop();
    stopped.run();
    assertThat(stopped.ready()).isCompletedExceptionally();
  }

  @Test
  @DisplayName(
      "a record the decoder refuses is counted with its topic and task, dead-lettered, handed over marked bad,"
          + " and the loop carries on")
  void badRecordPolicy() {
    startAssigned(P0);
    add(P0, 0);
    consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 1, new byte[] {1}, new byte[] {'x'}));
    add(P0, 2);

    loop.pollOnce();

    assertThat(task.offsetsPut).containsExactly(0L, 2L);
    assertThat(task.badOffsetsPut).containsExactly(1L);
    assertThat(registry.counter(BadRecords.METRIC, "topic", TOPIC, "task", "test loop").count())
        .isEqualTo(1);
    assertThat(deadLetters).containsExactly(TOPIC + "-0@1 test loop: starts with x");
    assertThat(loop.hasFailed()).isFalse();
  }

  @Test
  @DisplayName(
      "the loop commits for the task after its side effect, offsets past bad records included")
  void commitsForTheTask() {
    startAssigned(P0);
    task.onPut = records -> assertThat(task.context.commit(records.offsets())).isTrue();
    add(P0, 0);
    consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 1, new byte[] {1}, new byte[] {'x'}));

    loop.pollOnce();

    assertThat(consumer.committed(java.util.Set.of(P0)).get(P0))
        .isEqualTo(new OffsetAndMetadata(2));
  }

  @Test
  @DisplayName(
      "the loop owns its thread: started by name, stopped and joined by close; a loop never started is"
          + " released by close")
  void ownsItsThread() throws InterruptedException {
    MockConsumer<byte[], byte[]> own = new MockConsumer<>("earliest");
    ConsumeLoop threaded =
        new ConsumeLoop(own, new RecordingTask(TOPIC), SETTINGS, backoff, dlq, registry);
    threaded.startThread("beacon-test-loop", true);
    threaded.ready().join();

    assertThat(threaded.close(Duration.ofSeconds(10))).isTrue();
    assertThat(own.closed()).isTrue();
    assertThat(threaded.hasFailed()).isFalse();

    RecordingTask idle = new RecordingTask(TOPIC);
    new ConsumeLoop(new MockConsumer<>("earliest"), idle, SETTINGS, backoff, dlq, registry)
        .close(Duration.ZERO);
    assertThat(idle.calls).containsExactly("close");
  }

  @Test
  @DisplayName(
      "settings: a static member leaves its group on close, a group-less reader closes at once")
  void closeSettings() {
    assertThat(SETTINGS.close().groupMembershipOperation())
        .isEqualTo(CloseOptions.GroupMembershipOperation.DEFAULT);
    assertThat(SETTINGS.toBuilder().leaveGroupOnClose().build().close().groupMembershipOperation())
        .isEqualTo(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
    assertThat(SETTINGS.toBuilder().closeWithin(Duration.ZERO).build().close().timeout())
        .contains(Duration.ZERO);
    assertThat(SETTINGS.idlePoll()).isEqualTo(Duration.ofMillis(10));
  }
}
