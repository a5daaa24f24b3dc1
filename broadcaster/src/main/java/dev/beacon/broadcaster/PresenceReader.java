package dev.beacon.broadcaster;

import dev.beacon.common.presence.PresenceView;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.Topics;
import dev.beacon.common.protocol.PresenceRecordCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted {@code beacon.presence} from the beginning into a {@link PresenceView}: every partition
 * assigned, no consumer group, nothing committed. {@link #ready()} completes once everything that was in the
 * topic at start has been applied, so routing never judges a direct message against a half-loaded view.
 *
 * <p>Runs on its own thread; {@link #stop()}, {@link #ready()} and {@link #hasFailed()} are safe from others.
 */
public final class PresenceReader implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(PresenceReader.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final Consumer<byte[], byte[]> consumer;
  private final PresenceView view;
  private final BroadcasterStats stats;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private Map<TopicPartition, Long> endAtStart = Map.of();
  private volatile boolean running = true;
  private volatile boolean failed;

  public PresenceReader(KafkaSettings kafka, String clientId, PresenceView view, BroadcasterStats stats) {
    this(new KafkaConsumer<>(consumerProps(kafka, clientId)), view, stats);
  }

  /** A reader over {@code consumer}, which it closes when it stops. */
  PresenceReader(Consumer<byte[], byte[]> consumer, PresenceView view, BroadcasterStats stats) {
    this.consumer = consumer;
    this.view = view;
    this.stats = stats;
  }

  static Map<String, Object> consumerProps(KafkaSettings kafka, String clientId) {
    Map<String, Object> props = kafka.consumer(clientId, "unused");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    return props;
  }

  @Override
  public void run() {
    try {
      assignAll();
      while (running) {
        pollOnce();
      }
    } catch (WakeupException e) {
      if (running) {
        fail(e);
      }
    } catch (RuntimeException e) {
      fail(e);
    } finally {
      ready.completeExceptionally(new IllegalStateException("the presence reader stopped before it was ready"));
      close();
    }
  }

  /** Completes once the view holds everything {@code beacon.presence} held when the reader started. */
  public CompletableFuture<Void> ready() {
    return ready;
  }

  public void stop() {
    running = false;
    consumer.wakeup();
  }

  public boolean hasFailed() {
    return failed;
  }

  /**
   * A topic created a moment ago may not be in the metadata yet: ask again for a few seconds before giving up.
   */
  private List<PartitionInfo> partitionsOfPresence() {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
    List<PartitionInfo> infos = consumer.partitionsFor(Topics.PRESENCE);
    while ((infos == null || infos.isEmpty()) && System.nanoTime() < deadline && running) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return infos;
      }
      infos = consumer.partitionsFor(Topics.PRESENCE);
    }
    return infos;
  }

  /** Releases the consumer of a reader whose {@link #run()} never started. */
  void closeUnstarted() {
    running = false;
    close();
  }

  void assignAll() {
    List<PartitionInfo> infos = partitionsOfPresence();
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("topic " + Topics.PRESENCE + " has no partitions; it is created at start-up,"
          + " check that the broker allows it");
    }
    List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    endAtStart = consumer.endOffsets(partitions);
    log.info("reading {} ({} partitions) from the beginning", Topics.PRESENCE, partitions.size());
    checkCaughtUp();
  }

  void pollOnce() {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
      apply(record);
    }
    checkCaughtUp();
  }

  private void apply(ConsumerRecord<byte[], byte[]> record) {
    try {
      view.apply(PresenceRecordCodec.decode(record.key(), record.value()));
      stats.presenceApplied();
    } catch (IllegalArgumentException e) {
      stats.malformedPresenceSkipped();
      log.warn("skipped malformed presence record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          e.getMessage());
    }
  }

  private void checkCaughtUp() {
    if (ready.isDone()) {
      return;
    }
    for (Map.Entry<TopicPartition, Long> end : endAtStart.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return;
      }
    }
    log.info("presence view loaded: {} client entries", view.entries());
    ready.complete(null);
  }

  private void fail(RuntimeException e) {
    failed = true;
    ready.completeExceptionally(e);
    log.error("presence reader stopped reading {}: {}; direct messages may be refused, restart the broadcaster",
        Topics.PRESENCE, e.getMessage(), e);
  }

  private void close() {
    try {
      consumer.close();
    } catch (RuntimeException e) {
      log.warn("closing the {} consumer failed: {}", Topics.PRESENCE, e.getMessage());
    }
  }
}
