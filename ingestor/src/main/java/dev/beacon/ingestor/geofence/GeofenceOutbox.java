package dev.beacon.ingestor.geofence;

import dev.beacon.common.geofence.GeofenceEventCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the outbox: produces the events the fix transactions stored with {@code published = 0} to
 * {@code beacon.geofence-events} (key the device id, so one device's events stay in order), waits
 * for Kafka's acknowledgement ({@code acks=all}, idempotent producer), then marks them published.
 * An event is thus never lost to a crash: one stored is in Kafka eventually. A crash between the
 * acknowledgement and the mark publishes those events again, with the same ids (at least once: a
 * consumer that must see each once keeps the ids it saw). On a failure it keeps the events and
 * tries again after {@link #RETRY}.
 *
 * <p>Runs on a thread of its own, waking every {@link #INTERVAL}; {@link #close} publishes what is
 * left before it returns, within its timeout.
 */
public final class GeofenceOutbox implements AutoCloseable {

  /** How often the outbox looks for new events: the most an event waits once committed. */
  public static final Duration INTERVAL = Duration.ofMillis(100);

  /** Events produced in one round. */
  static final int ROUND = 500;

  static final Duration RETRY = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(GeofenceOutbox.class);

  private final GeofenceEventLog events;
  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final Duration ackTimeout;
  private final Counter published;
  private final Thread thread;
  private volatile boolean running = true;

  public GeofenceOutbox(
      GeofenceEventLog events,
      Producer<byte[], byte[]> producer,
      String topic,
      Duration ackTimeout,
      MeterRegistry registry) {
    this.events = events;
    this.producer = producer;
    this.topic = topic;
    this.ackTimeout = ackTimeout;
    this.published =
        Counter.builder("beacon_geofence_events_published")
            .description("Geofence events produced to " + topic + " and marked published")
            .register(registry);
    this.thread = new Thread(this::run, "beacon-geofence-outbox");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
    log.info("geofence outbox publishing the events of {} to {}", events.describe(), topic);
  }

  private void run() {
    while (running) {
      Duration wait = INTERVAL;
      try {
        if (publishRound() == ROUND) {
          wait = Duration.ZERO;
        }
      } catch (SQLException | KafkaException | ExecutionException | TimeoutException e) {
        log.warn(
            "could not publish geofence events to {}: {}; they stay in the store and are tried"
                + " again in {} ms",
            topic,
            e.getMessage(),
            RETRY.toMillis());
        wait = RETRY;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (!wait.isZero() && !pause(wait)) {
        return;
      }
    }
  }

  /**
   * Produces the oldest unpublished events and marks them.
   *
   * @return how many were published
   */
  int publishRound()
      throws SQLException, ExecutionException, TimeoutException, InterruptedException {
    var batch = events.unpublished(ROUND);
    if (batch.isEmpty()) {
      return 0;
    }
    List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
    for (StoredEvent stored : batch) {
      acks.add(
          producer.send(
              new ProducerRecord<>(
                  topic,
                  GeofenceEventCodec.key(stored.event()),
                  GeofenceEventCodec.encode(stored.event()))));
    }
    producer.flush();
    for (Future<RecordMetadata> ack : acks) {
      ack.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    events.markPublished(batch.get(batch.size() - 1).seq());
    published.increment(batch.size());
    log.debug("published {} geofence events to {}", batch.size(), topic);
    return batch.size();
  }

  private synchronized boolean pause(Duration wait) {
    try {
      if (running) {
        wait(wait.toMillis());
      }
      return running;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Stops the thread, publishes what is left once more, closes the producer (not the event log).
   * Blocking.
   */
  @Override
  public void close() {
    synchronized (this) {
      running = false;
      notifyAll();
    }
    try {
      thread.join(ackTimeout.toMillis());
      publishRound();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException | KafkaException | ExecutionException | TimeoutException e) {
      log.warn(
          "geofence events left unpublished at shutdown ({}); they are published on the next start",
          e.getMessage());
    } finally {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
