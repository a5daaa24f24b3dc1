package dev.beacon.gateway.kafka;

import dev.beacon.runtime.kafka.ConsumeContext;
import dev.beacon.runtime.kafka.ConsumeLoop;
import dev.beacon.runtime.kafka.ConsumeTask;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.LoopSettings;
import dev.beacon.runtime.kafka.TopicPartitions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of one topic, without a consumer group, on a thread of its own, handing each record to
 * a handler. Records the handler refuses (malformed) are logged and skipped: one bad record must not stop a
 * gateway's deliveries. Blocking: start and close it from a worker. The thread is a {@link ConsumeLoop}.
 */
final class TopicReader {

  /** Where reading starts. */
  enum From { BEGINNING, END }

  private static final Logger log = LoggerFactory.getLogger(TopicReader.class);

  private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
  private final String topic;
  private final Consumer<ConsumerRecord<byte[], byte[]>> handler;
  private final ConsumeLoop loop;
  private Thread thread;

  TopicReader(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer, String topic,
      Consumer<ConsumerRecord<byte[], byte[]>> handler) {
    this.consumer = consumer;
    this.topic = topic;
    this.handler = handler;
    // Nothing to commit or leave on close: a reader outside any group closes at once.
    this.loop = new ConsumeLoop(consumer, new Handing(), LoopSettings.of("gateway", "reading " + topic,
            "this gateway no longer sees what is written to " + topic + ", restart it")
        .withIdlePoll(Duration.ofMillis(100)).closingWithin(Duration.ZERO));
  }

  /** Consumer settings without a group (nothing is committed), reading committed transactions only. */
  static Map<String, Object> settings(KafkaSettings kafka, String clientId) {
    Map<String, Object> props = kafka.consumer(clientId, null);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return props;
  }

  /**
   * Settings for {@code beacon.deliveries}: without a group, reading records the moment the broker has them, before
   * the broadcaster's transaction commits. The copies an aborted transaction leaves are dropped by their
   * {@link dev.beacon.runtime.kafka.DeliverySource} ({@link dev.beacon.runtime.kafka.DuplicateFilter}).
   */
  static Map<String, Object> uncommittedSettings(KafkaSettings kafka, String clientId) {
    Map<String, Object> props = settings(kafka, clientId);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    return props;
  }

  /** Assigns every partition and positions the consumer now, so that nothing written after this call is missed. */
  void assignAll(From from, Duration timeout) {
    List<TopicPartition> partitions = TopicPartitions.await(topic, t -> consumer.partitionsFor(t, timeout), timeout);
    consumer.assign(partitions);
    if (from == From.END) {
      consumer.seekToEnd(partitions);
    } else {
      consumer.seekToBeginning(partitions);
    }
    partitions.forEach(p -> consumer.position(p, timeout));
  }

  /** One poll, each record to the handler. */
  void pollOnce(Duration timeout) {
    hand(consumer.poll(timeout));
  }

  private void hand(ConsumerRecords<byte[], byte[]> records) {
    for (ConsumerRecord<byte[], byte[]> record : records) {
      try {
        handler.accept(record);
      } catch (RuntimeException e) {
        log.warn("{} record at {}-{} skipped: {}", topic, record.partition(), record.offset(), e.getMessage());
      }
    }
  }

  /** Starts reading on a daemon thread; {@link #assignAll} has positioned the consumer. */
  void start(String threadName) {
    thread = new Thread(loop, threadName);
    thread.setDaemon(true);
    thread.start();
    log.info("reading {} on thread {}", topic, threadName);
  }

  /** Stops the thread and closes the consumer, waiting at most {@code timeout}. */
  void close(Duration timeout) throws InterruptedException {
    if (thread != null) {
      loop.stop();
      thread.join(timeout.toMillis());
    } else {
      loop.closeUnstarted();
    }
  }

  /** The loop's task: the partitions are assigned before the thread starts, so a turn only hands records over. */
  private final class Handing implements ConsumeTask {

    @Override
    public void start(ConsumeContext context) {
    }

    @Override
    public void put(ConsumerRecords<byte[], byte[]> records) {
      hand(records);
    }
  }
}
