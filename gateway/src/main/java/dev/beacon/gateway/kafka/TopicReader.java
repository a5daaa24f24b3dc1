package dev.beacon.gateway.kafka;

import dev.beacon.runtime.kafka.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of one topic, without a consumer group, on a thread of its own, handing each record to
 * a handler. Records the handler refuses (malformed) are logged and skipped: one bad record must not stop a
 * gateway's deliveries. Blocking: start and close it from a worker.
 */
final class TopicReader {

  /** Where reading starts. */
  enum From { BEGINNING, END }

  private static final Logger log = LoggerFactory.getLogger(TopicReader.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

  private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
  private final String topic;
  private final Consumer<ConsumerRecord<byte[], byte[]>> handler;
  private volatile boolean running = true;
  private Thread thread;

  TopicReader(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer, String topic,
      Consumer<ConsumerRecord<byte[], byte[]>> handler) {
    this.consumer = consumer;
    this.topic = topic;
    this.handler = handler;
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
    List<TopicPartition> partitions = partitions(timeout);
    consumer.assign(partitions);
    if (from == From.END) {
      consumer.seekToEnd(partitions);
    } else {
      consumer.seekToBeginning(partitions);
    }
    partitions.forEach(p -> consumer.position(p, timeout));
  }

  /** A topic created a moment ago may not be in every broker's metadata yet: ask again until the timeout. */
  private List<TopicPartition> partitions(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      if (!partitions.isEmpty()) {
        return partitions;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("topic " + topic + " has no partitions after " + timeout.toMillis()
            + " ms; is it created?");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
  }

  /** One poll, each record to the handler. */
  void pollOnce(Duration timeout) {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
      try {
        handler.accept(record);
      } catch (RuntimeException e) {
        log.warn("{} record at {}-{} skipped: {}", topic, record.partition(), record.offset(), e.getMessage());
      }
    }
  }

  void start(String threadName) {
    thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread.start();
    log.info("reading {} on thread {}", topic, threadName);
  }

  private void run() {
    try {
      while (running) {
        pollOnce(POLL_TIMEOUT);
      }
    } catch (WakeupException e) {
      // close() asked us to stop.
    } catch (RuntimeException e) {
      log.error("reading {} stopped: {}", topic, e.toString(), e);
    } finally {
      consumer.close(Duration.ZERO);
    }
  }

  /** Stops the thread and closes the consumer, waiting at most {@code timeout}. */
  void close(Duration timeout) throws InterruptedException {
    running = false;
    consumer.wakeup();
    if (thread != null) {
      thread.join(timeout.toMillis());
    } else {
      consumer.close(Duration.ZERO);
    }
  }
}
