package dev.beacon.ingestor.geofence;

import dev.beacon.runtime.geofence.GeofenceDirectory;
import dev.beacon.runtime.geofence.GeofenceFeed;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.metrics.BeaconMetrics;
import java.nio.file.Path;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The ingestor's geofence parts, started in the order they need each other: the fences read from
 * {@code beacon.geofences} up to its end (before any fix is judged), the stage the store runs in
 * each batch's transaction, then, once the store has created its tables, the event log and the
 * outbox that publishes to {@code beacon.geofence-events}. Closed in reverse.
 */
public final class Geofencing implements AutoCloseable {

  private final GeofenceDirectory directory;
  private final GeofenceFeed feed;
  private final GeofenceStage stage;
  private GeofenceEventLog events;
  private GeofenceOutbox outbox;

  private Geofencing(GeofenceDirectory directory, GeofenceFeed feed) {
    this.directory = directory;
    this.feed = feed;
    this.stage = new GeofenceStage(directory, System::currentTimeMillis);
  }

  /** Reads the fences up to the topic's end. Blocking. */
  public static Geofencing start(KafkaSettings kafka, String clientId) {
    GeofenceDirectory directory = new GeofenceDirectory();
    return new Geofencing(directory, GeofenceFeed.start(kafka, clientId + "-geofences", directory));
  }

  /** Opens the event log of {@code dbFile} and starts publishing its events. Blocking. */
  public void startPublishing(Path dbFile, KafkaSettings kafka, String clientId) {
    events = GeofenceEventLog.open(dbFile);
    outbox =
        new GeofenceOutbox(
            events,
            new KafkaProducer<>(kafka.producer(clientId + "-geofence-events")),
            kafka.topics().geofenceEvents(),
            kafka.ackTimeout(),
            BeaconMetrics.registry());
    outbox.start();
  }

  public GeofenceDirectory directory() {
    return directory;
  }

  public GeofenceStage stage() {
    return stage;
  }

  /** The stored events; null before {@link #startPublishing}. */
  public GeofenceEventLog events() {
    return events;
  }

  /** Whether the fence reader died: fence changes are no longer seen. */
  public boolean hasFailed() {
    return feed.hasFailed();
  }

  /** Publishes what is left, then stops the outbox, the event log and the fence reader. */
  @Override
  public void close() {
    try {
      if (outbox != null) {
        outbox.close();
      }
    } finally {
      if (events != null) {
        events.close();
      }
      feed.close();
    }
  }
}
