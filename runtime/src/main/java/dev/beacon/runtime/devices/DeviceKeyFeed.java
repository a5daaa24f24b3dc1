package dev.beacon.runtime.devices;

import dev.beacon.common.protocol.DeviceKeyRecord;
import dev.beacon.common.protocol.DeviceKeyRecordCodec;
import dev.beacon.runtime.kafka.ConsumeContext;
import dev.beacon.runtime.kafka.ConsumeLoop;
import dev.beacon.runtime.kafka.ConsumeTask;
import dev.beacon.runtime.kafka.KafkaDeadLetters;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.LoopSettings;
import dev.beacon.runtime.kafka.Polled;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link DeviceKeyDirectory} up to date from the compacted {@code beacon.device-keys}:
 * reads it from the beginning, outside any consumer group, on a thread of its own ({@link
 * ConsumeLoop}), and goes on reading, so a key made or revoked on any gateway reaches this one
 * within a poll ({@link #IDLE_POLL}). {@link #start} returns once the directory has caught up with
 * the end the topic had at start: a gateway serves no upgrade (and its {@code /ready} does not
 * answer) before it knows every key. A malformed record takes the loop's bad-record policy.
 */
public final class DeviceKeyFeed {

  /** How long a poll waits when nothing comes: the most a key change waits once it is in Kafka. */
  public static final Duration IDLE_POLL = Duration.ofMillis(100);

  private static final Logger log = LoggerFactory.getLogger(DeviceKeyFeed.class);

  private final ConsumeLoop loop;

  private DeviceKeyFeed(ConsumeLoop loop) {
    this.loop = loop;
  }

  /**
   * Starts reading and waits until the directory holds every key the topic held at start. Blocking:
   * call it from a worker.
   *
   * @throws IllegalStateException when the topic cannot be read within {@code 3 x
   *     BEACON_ACK_TIMEOUT}
   */
  public static DeviceKeyFeed start(
      KafkaSettings kafka, String clientId, DeviceKeyDirectory directory) {
    String topic = kafka.topics().deviceKeys();
    Duration timeout = kafka.ackTimeout().multipliedBy(3);
    DeviceKeyFeed feed =
        new DeviceKeyFeed(
            ConsumeLoop.create(
                () -> new KafkaConsumer<>(kafka.readerConsumer(clientId)),
                new Reading(topic, directory, timeout),
                LoopSettings.builder()
                    .name("device key reader")
                    .work("reading " + topic)
                    .consequence(
                        "keys made or revoked from now on are not seen by this process, restart it")
                    .idlePoll(IDLE_POLL)
                    .closeWithin(Duration.ZERO)
                    .build(),
                new KafkaDeadLetters(kafka, clientId)));
    feed.loop.startThread("beacon-device-keys", true);
    try {
      feed.loop.ready().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      feed.close();
      throw new IllegalStateException(
          "could not read the device keys of "
              + topic
              + " within "
              + timeout.toSeconds()
              + " s: "
              + (e.getCause() == null ? e : e.getCause()).getMessage()
              + "; check that Kafka is up",
          e);
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
    loop.close(Duration.ofSeconds(5));
  }

  /** Assigns the topic's partitions from the beginning; each key record into the directory. */
  private record Reading(String topic, DeviceKeyDirectory directory, Duration timeout)
      implements ConsumeTask<DeviceKeyRecord> {

    @Override
    public void start(ConsumeContext context) {
      context.assignAll(topic, ConsumeContext.From.BEGINNING, timeout);
    }

    /** Null for a tombstone, which says nothing: keys are revoked, never deleted. */
    @Override
    public DeviceKeyRecord decode(ConsumerRecord<byte[], byte[]> record) {
      return record.value() == null ? null : DeviceKeyRecordCodec.decode(record.value());
    }

    @Override
    public void put(Polled<DeviceKeyRecord> records) {
      for (Polled.Entry<DeviceKeyRecord> entry : records.good()) {
        if (entry.value() != null) {
          directory.apply(entry.value());
        }
      }
    }
  }
}
