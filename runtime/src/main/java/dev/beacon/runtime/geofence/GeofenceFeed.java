package dev.beacon.runtime.geofence;

import dev.beacon.common.geofence.Geofence;
import dev.beacon.common.geofence.GeofenceRecordCodec;
import dev.beacon.runtime.kafka.ConsumeContext;
import dev.beacon.runtime.kafka.ConsumeLoop;
import dev.beacon.runtime.kafka.ConsumeTask;
import dev.beacon.runtime.kafka.KafkaDeadLetters;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.LoopSettings;
import dev.beacon.runtime.kafka.Polled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link GeofenceDirectory} up to date from the compacted {@code beacon.geofences}, as
 * {@link dev.beacon.runtime.devices.DeviceKeyFeed} does for keys: reads it from the beginning,
 * outside any consumer group, on a thread of its own, and goes on reading. {@link #start} returns
 * once the directory holds every fence the topic held at start, so an ingestor judges no fix before
 * it knows the fences (and its readiness waits for that). A malformed record takes the loop's
 * bad-record policy.
 */
public final class GeofenceFeed {

  /** How long a poll waits when nothing comes: the most a fence change waits once in Kafka. */
  public static final Duration IDLE_POLL = Duration.ofMillis(100);

  private static final Logger log = LoggerFactory.getLogger(GeofenceFeed.class);

  private final ConsumeLoop loop;

  private GeofenceFeed(ConsumeLoop loop) {
    this.loop = loop;
  }

  /**
   * Starts reading and waits until the directory holds every fence the topic held at start.
   * Blocking: call it from a worker.
   *
   * @throws IllegalStateException when the topic cannot be read within {@code 3 x
   *     BEACON_ACK_TIMEOUT}
   */
  public static GeofenceFeed start(
      KafkaSettings kafka, String clientId, GeofenceDirectory directory) {
    String topic = kafka.topics().geofences();
    Duration timeout = kafka.ackTimeout().multipliedBy(3);
    GeofenceFeed feed =
        new GeofenceFeed(
            ConsumeLoop.create(
                () -> new KafkaConsumer<>(kafka.readerConsumer(clientId)),
                new Reading(topic, directory, timeout),
                LoopSettings.of(
                        "geofence reader",
                        "reading " + topic,
                        "geofences made, changed or deleted from now on are not seen by this"
                            + " process, restart it")
                    .toBuilder()
                    .idlePoll(IDLE_POLL)
                    .closeWithin(Duration.ZERO)
                    .build(),
                new KafkaDeadLetters(kafka, clientId)));
    feed.loop.startThread("beacon-geofences", true);
    try {
      feed.loop.ready().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      feed.close();
      throw new IllegalStateException(
          "could not read the geofences of "
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
      throw new IllegalStateException("interrupted while reading the geofences", e);
    }
    log.info("geofences: {} known from {}", directory.size(), topic);
    return feed;
  }

  /** Whether the reader died of an error. */
  public boolean hasFailed() {
    return loop.hasFailed();
  }

  /** Stops reading and closes the consumer (waits at most 5 s). Blocking. */
  public void close() {
    loop.close(Duration.ofSeconds(5));
  }

  /** A fence, or a tombstone: the id of a deleted fence. */
  private record Change(String id, Geofence fence) {}

  private record Reading(String topic, GeofenceDirectory directory, Duration timeout)
      implements ConsumeTask<Change> {

    @Override
    public void start(ConsumeContext context) {
      context.assignAll(topic, ConsumeContext.From.BEGINNING, timeout);
    }

    @Override
    public Change decode(ConsumerRecord<byte[], byte[]> record) {
      if (record.key() == null) {
        throw new IllegalArgumentException("geofence record without a key (the fence id)");
      }
      String id = new String(record.key(), StandardCharsets.UTF_8);
      return new Change(
          id, record.value() == null ? null : GeofenceRecordCodec.decode(record.value()));
    }

    @Override
    public void put(Polled<Change> records) {
      for (Polled.Entry<Change> entry : records.good()) {
        Change change = entry.value();
        if (change.fence() == null) {
          directory.remove(change.id());
        } else {
          directory.apply(change.fence());
        }
      }
    }
  }
}
