package dev.beacon.runtime.devices;

import dev.beacon.common.protocol.DeviceKeyRecordCodec;
import dev.beacon.runtime.kafka.ConsumeContext;
import dev.beacon.runtime.kafka.ConsumeLoop;
import dev.beacon.runtime.kafka.ConsumeTask;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.LoopSettings;
import dev.beacon.runtime.kafka.TopicPartitions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link DeviceKeyDirectory} up to date from the compacted {@code beacon.device-keys}: reads it from the
 * beginning, outside any consumer group, on a thread of its own ({@link ConsumeLoop}), and goes on reading, so a key
 * made or revoked on any gateway reaches this one within a poll ({@link #IDLE_POLL}). {@link #start} returns once
 * the directory has caught up with the end the topic had at start: a gateway serves no upgrade (and its
 * {@code /ready} does not answer) before it knows every key. A malformed record is logged and skipped.
 */
public final class DeviceKeyFeed {

  /** How long a poll waits when nothing comes: the most a key change waits once it is in Kafka. */
  public static final Duration IDLE_POLL = Duration.ofMillis(100);

  private static final Logger log = LoggerFactory.getLogger(DeviceKeyFeed.class);

  private final ConsumeLoop loop;
  private final Thread thread;

  private DeviceKeyFeed(ConsumeLoop loop, String threadName) {
    this.loop = loop;
    this.thread = new Thread(loop, threadName);
    this.thread.setDaemon(true);
  }

  /**
   * Starts reading and waits until the directory holds every key the topic held at start. Blocking: call it from a
   * worker.
   *
   * @throws IllegalStateException when the topic cannot be read within {@code 3 x BEACON_ACK_TIMEOUT}
   */
  public static DeviceKeyFeed start(KafkaSettings kafka, String clientId, DeviceKeyDirectory directory) {
    String topic = kafka.topics().deviceKeys();
    Map<String, Object> props = kafka.consumer(clientId, null);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Duration timeout = kafka.ackTimeout().multipliedBy(3);
    DeviceKeyFeed feed = new DeviceKeyFeed(ConsumeLoop.create(() -> new KafkaConsumer<>(props),
        new Reading(topic, directory, timeout), LoopSettings.of("device key reader", "reading " + topic,
                "keys made or revoked from now on are not seen by this process, restart it")
            .withIdlePoll(IDLE_POLL).closingWithin(Duration.ZERO)), "beacon-device-keys");
    feed.thread.start();
    try {
      feed.loop.ready().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      feed.close();
      throw new IllegalStateException("could not read the device keys of " + topic + " within " + timeout.toSeconds()
          + " s: " + (e.getCause() == null ? e : e.getCause()).getMessage() + "; check that Kafka is up", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      feed.close();
      throw new IllegalStateException("interrupted while reading the device keys", e);
    }
    log.info("device keys: {} known from {}", directory.all().size(), topic);
    return feed;
  }

  /** Stops reading and closes the consumer (waits at most 5 s). Blocking. */
  public void close() {
    loop.stop();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Assigns the topic's partitions from the beginning; ready once its position reaches the end seen at start. */
  private static final class Reading implements ConsumeTask {

    private final String topic;
    private final DeviceKeyDirectory directory;
    private final Duration timeout;
    private ConsumeContext context;
    private Map<TopicPartition, Long> endAtStart;
    private boolean caughtUp;

    Reading(String topic, DeviceKeyDirectory directory, Duration timeout) {
      this.topic = topic;
      this.directory = directory;
      this.timeout = timeout;
    }

    @Override
    public void start(ConsumeContext loopContext) {
      this.context = loopContext;
      var consumer = context.consumer();
      List<TopicPartition> partitions = TopicPartitions.await(topic, t -> consumer.partitionsFor(t, timeout), timeout,
          context::stopping);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      endAtStart = consumer.endOffsets(partitions, timeout);
      checkCaughtUp();
    }

    @Override
    public boolean readyOnStart() {
      return false;
    }

    @Override
    public void put(ConsumerRecords<byte[], byte[]> records) {
      for (ConsumerRecord<byte[], byte[]> record : records) {
        if (record.value() == null) {
          continue;
        }
        try {
          directory.apply(DeviceKeyRecordCodec.decode(record.value()));
        } catch (IllegalArgumentException e) {
          log.warn("{} record at {}-{} skipped: {}", topic, record.partition(), record.offset(), e.getMessage());
        }
      }
    }

    @Override
    public void afterPoll() {
      checkCaughtUp();
    }

    private void checkCaughtUp() {
      if (caughtUp) {
        return;
      }
      for (Map.Entry<TopicPartition, Long> end : endAtStart.entrySet()) {
        if (context.consumer().position(end.getKey(), timeout) < end.getValue()) {
          return;
        }
      }
      caughtUp = true;
      context.ready();
    }
  }
}
