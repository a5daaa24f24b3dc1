package dev.beacon.ingestor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.gps.GpsFix;
import dev.beacon.common.gps.GpsRecordCodec;
import dev.beacon.runtime.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the ingestor's pipeline step by step against a {@link MockConsumer} and a real SQLite
 * file.
 */
class GpsIngestorTest {

  static final TopicPartition P0 = new TopicPartition(Topics.GPS, 0);
  static final Duration LONG_DELAY = Duration.ofMinutes(1);
  static final Duration NO_DELAY = Duration.ofNanos(1);

  @TempDir Path dir;
  SqliteFixStore store;
  MockConsumer<byte[], byte[]> consumer;
  IngestorStats stats;

  @BeforeEach
  void setUp() {
    store = SqliteFixStore.open(dir.resolve("gps.db"));
    consumer = new MockConsumer<>("earliest");
    consumer.updateBeginningOffsets(Map.of(P0, 0L));
    stats = new IngestorStats();
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  GpsIngestor ingestor(FixWriter writer, int batchRows, Duration batchDelay, boolean rebuild) {
    IngestorConfig config =
        IngestorConfig.defaults(dir).toBuilder()
            .batchMaxRows(batchRows)
            .batchMaxDelay(batchDelay)
            .rebuild(rebuild)
            .build();
    GpsIngestor ingestor = new GpsIngestor(consumer, config, writer, stats, Duration.ofMillis(1));
    ingestor.loop().start();
    consumer.rebalance(List.of(P0));
    return ingestor;
  }

  static GpsFix fix(String device, long ts) {
    return new GpsFix(device, ts, 44.8, 20.4, ts + 3, "gw-1");
  }

  void send(long offset, GpsFix fix) {
    send(offset, GpsRecordCodec.encode(fix));
  }

  void send(long offset, byte[] value) {
    consumer.addRecord(
        new ConsumerRecord<>(Topics.GPS, 0, offset, "k".getBytes(StandardCharsets.UTF_8), value));
  }

  Long committedOffset() {
    OffsetAndMetadata committed = consumer.committed(Set.of(P0)).get(P0);
    return committed == null ? null : committed.offset();
  }

  @Test
  @DisplayName("malformed records are counted and skipped, and the commit moves past them")
  void malformedRecordsAreSkipped() {
    GpsIngestor ingestor = ingestor(store, 100, NO_DELAY, false);
    send(0, fix("a", 1_000));
    send(1, "not json".getBytes(StandardCharsets.UTF_8));
    send(2, fix("a", 2_000));
    send(3, GpsRecordCodec.encode(new GpsFix("a", 3_000, 200.0, 20.0, 0, "")));
    send(4, "{\"v\":9}".getBytes(StandardCharsets.UTF_8));

    ingestor.loop().pollOnce();

    assertThat(store.positions("a", 0, Long.MAX_VALUE, 10))
        .extracting(GpsFix::deviceTs)
        .containsExactly(1_000L, 2_000L);
    assertThat(stats.malformedRecords()).isEqualTo(3);
    assertThat(stats.rowsInserted()).isEqualTo(2);
    assertThat(committedOffset()).isEqualTo(5);
  }

  @Test
  @DisplayName("a batch of only malformed records still commits its offsets")
  void onlyMalformedRecordsAreCommitted() {
    GpsIngestor ingestor = ingestor(store, 100, NO_DELAY, false);
    send(0, "garbage".getBytes(StandardCharsets.UTF_8));

    ingestor.loop().pollOnce();

    assertThat(store.count()).isZero();
    assertThat(committedOffset()).isEqualTo(1);
  }

  @Test
  @DisplayName("offsets are committed only after their batch is stored, and a partial batch waits")
  void commitFollowsTheInsert() {
    List<Long> committedWhenInserting = new ArrayList<>();
    FixWriter observing =
        new DelegatingWriter(store) {
          @Override
          public BatchOutcome write(List<ReceivedFix> batch) {
            committedWhenInserting.add(committedOffset());
            return super.write(batch);
          }
        };
    GpsIngestor ingestor = ingestor(observing, 3, LONG_DELAY, false);
    for (int offset = 0; offset < 5; offset++) {
      send(offset, fix("a", offset * 1_000L));
    }

    ingestor.loop().pollOnce();

    assertThat(committedWhenInserting).containsExactly((Long) null);
    assertThat(committedOffset()).isEqualTo(3);
    assertThat(store.count()).isEqualTo(3);

    ingestor.flush();

    assertThat(committedWhenInserting).containsExactly(null, 3L);
    assertThat(committedOffset()).isEqualTo(5);
    assertThat(stats.batchesCommitted()).isEqualTo(2);
    assertThat(stats.lastBatchSize()).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "while a backlog could fill the batch, a due batch keeps filling; once caught up it is written")
  void backlogFillsTheBatchBeforeTheDelayApplies() {
    GpsIngestor ingestor = ingestor(store, 5, NO_DELAY, false);
    consumer.updateEndOffsets(Map.of(P0, 1_000L));
    send(0, fix("a", 1_000));
    send(1, fix("a", 2_000));

    ingestor.loop().pollOnce();

    assertThat(committedOffset()).as("held back while 998 records wait").isNull();

    consumer.updateEndOffsets(Map.of(P0, 3L));
    send(2, fix("a", 3_000));
    ingestor.loop().pollOnce();

    assertThat(committedOffset()).isEqualTo(3);
    assertThat(stats.lastBatchSize()).isEqualTo(3);
  }

  @Test
  @DisplayName("a due batch is written when a poll comes back empty, whatever the reported lag")
  void emptyPollFlushesADueBatch() {
    GpsIngestor ingestor = ingestor(store, 5, NO_DELAY, false);
    consumer.updateEndOffsets(Map.of(P0, 1_000L));
    send(0, fix("a", 1_000));
    ingestor.loop().pollOnce();

    ingestor.loop().pollOnce();

    assertThat(committedOffset()).isEqualTo(1);
  }

  @Test
  @DisplayName("a redelivered batch is stored once and counted as duplicates")
  void redeliveryIsIgnored() {
    GpsIngestor ingestor = ingestor(store, 100, NO_DELAY, false);
    store.insert(List.of(fix("a", 1_000)));
    send(0, fix("a", 1_000));
    send(1, fix("a", 2_000));

    ingestor.loop().pollOnce();

    assertThat(store.count()).isEqualTo(2);
    assertThat(stats.rowsInserted()).isEqualTo(1);
    assertThat(stats.duplicatesIgnored()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "while the store fails nothing is committed; the same batch is retried until it is stored")
  void failingStoreBlocksTheCommitNotTheBatch() {
    List<Long> committedAfterFailure = new ArrayList<>();
    FlakyWriter flaky =
        new FlakyWriter(store, 3, () -> committedAfterFailure.add(committedOffset()));
    GpsIngestor ingestor = ingestor(flaky, 100, NO_DELAY, false);
    send(0, fix("a", 1_000));
    send(1, fix("b", 1_000));

    ingestor.loop().pollOnce();

    assertThat(committedAfterFailure).containsExactly(null, null, null);
    assertThat(stats.writeFailures()).isEqualTo(3);
    assertThat(flaky.attempts).isEqualTo(4);
    assertThat(store.count()).isEqualTo(2);
    assertThat(committedOffset()).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "the store's problem is reported while it fails and cleared by the first batch stored")
  void storeProblemIsReportedUntilABatchIsStored() {
    List<String> problemsSeen = new ArrayList<>();
    FlakyWriter flaky = new FlakyWriter(store, 2, () -> problemsSeen.add(stats.storeProblem()));
    GpsIngestor ingestor = ingestor(flaky, 100, NO_DELAY, false);
    send(0, fix("a", 1_000));

    ingestor.loop().pollOnce();

    // seen while failing again: the first failure's reason, until the third attempt stores the
    // batch
    assertThat(problemsSeen).hasSize(2);
    assertThat(problemsSeen.get(1)).contains("disk full");
    assertThat(stats.storeProblem()).isNull();
    assertThat(stats.storeFailing()).isZero();
  }

  @Test
  @DisplayName(
      "the consumer is a static group member named after the group, the host and the store")
  void staticMembership() {
    IngestorConfig config = IngestorConfig.defaults(dir);
    Map<String, Object> props = GpsIngestor.staticMember(new java.util.HashMap<>(), config, store);
    SqliteFixStore other = SqliteFixStore.open(dir.resolve("other.db"));
    try {
      assertThat(props.get("group.instance.id"))
          .isEqualTo(GpsIngestor.instanceId(config, store))
          .asString()
          .startsWith(config.groupId() + "-");
      assertThat(GpsIngestor.instanceId(config, store))
          .as("stable across restarts")
          .isEqualTo(GpsIngestor.instanceId(config, store))
          .as("different for another store")
          .isNotEqualTo(GpsIngestor.instanceId(config, other));
    } finally {
      other.close();
    }
  }

  @Test
  @DisplayName("stopping while the store keeps failing commits nothing")
  void stopDuringFailuresCommitsNothing() {
    GpsIngestor[] holder = new GpsIngestor[1];
    FlakyWriter broken =
        new FlakyWriter(
            store,
            Integer.MAX_VALUE,
            () -> {
              if (holder[0] != null && stats.writeFailures() >= 2) {
                holder[0].loop().stop();
              }
            });
    holder[0] = ingestor(broken, 100, NO_DELAY, false);
    send(0, fix("a", 1_000));

    holder[0].loop().pollOnce();

    assertThat(stats.writeFailures()).isGreaterThanOrEqualTo(2);
    assertThat(committedOffset()).isNull();
    assertThat(store.count()).isZero();
  }

  @Test
  @DisplayName("rebuild empties the store and reads assigned partitions from the beginning")
  void rebuildRewinds() {
    store.insert(List.of(fix("old", 1)));
    startsAt(2);

    GpsIngestor ingestor = ingestor(store, 100, NO_DELAY, true);
    ingestor.loop().pollOnce();

    assertThat(consumer.position(P0)).isZero();
    assertThat(store.count()).isZero();

    send(0, fix("a", 1_000));
    send(1, fix("a", 2_000));
    ingestor.loop().pollOnce();

    assertThat(store.devices()).extracting(DeviceSummary::deviceId).containsExactly("a");
    assertThat(store.count()).isEqualTo(2);
    assertThat(committedOffset()).isEqualTo(2);
  }

  @Test
  @DisplayName("without rebuild, consumption starts where the consumer's own position is")
  void resumesWhereTheConsumerStands() {
    startsAt(2);

    GpsIngestor ingestor = ingestor(store, 100, NO_DELAY, false);
    ingestor.loop().pollOnce();

    assertThat(consumer.position(P0)).isEqualTo(2);
  }

  /**
   * A consumer that would start at {@code offset} on its own. MockConsumer forgets commits across a
   * reassignment, so "resume at the end" stands in for "resume at the committed offset".
   */
  void startsAt(long offset) {
    consumer = new MockConsumer<>("latest");
    consumer.updateBeginningOffsets(Map.of(P0, 0L));
    consumer.updateEndOffsets(Map.of(P0, offset));
  }

  @Test
  @DisplayName("on its own thread: consumes, commits, and on stop closes the consumer")
  void runsUntilStopped() throws Exception {
    IngestorConfig config =
        IngestorConfig.defaults(dir).toBuilder().batchMaxRows(100).batchMaxDelay(NO_DELAY).build();
    GpsIngestor ingestor = new GpsIngestor(consumer, config, store, stats);
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(P0));
          send(0, fix("a", 1_000));
          send(1, fix("b", 1_000));
        });
    ingestor.start("test-ingestor");

    awaitTrue(() -> stats.batchesCommitted() == 1);

    assertThat(ingestor.close(Duration.ofSeconds(10))).isTrue();
    assertThat(consumer.closed()).isTrue();
    assertThat(ingestor.hasFailed()).isFalse();
    assertThat(store.count()).isEqualTo(2);
  }

  static void awaitTrue(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  /** Passes everything to a real store. */
  static class DelegatingWriter implements FixWriter {
    final FixWriter delegate;

    DelegatingWriter(FixWriter delegate) {
      this.delegate = delegate;
    }

    @Override
    public BatchOutcome write(List<ReceivedFix> batch) {
      return delegate.write(batch);
    }

    @Override
    public void clear() {
      delegate.clear();
    }

    @Override
    public String describe() {
      return "test store";
    }
  }

  /** Fails the first {@code failures} inserts, running {@code afterFailure} after each. */
  static final class FlakyWriter extends DelegatingWriter {
    final int failures;
    final Runnable afterFailure;
    int attempts;

    FlakyWriter(FixWriter delegate, int failures, Runnable afterFailure) {
      super(delegate);
      this.failures = failures;
      this.afterFailure = afterFailure;
    }

    @Override
    public BatchOutcome write(List<ReceivedFix> batch) {
      attempts++;
      if (attempts <= failures) {
        afterFailure.run();
        throw new FixStoreException("disk full (simulated)", null);
      }
      return super.write(batch);
    }
  }
}
