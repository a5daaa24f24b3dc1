package dev.beacon.gateway.kafka;

import dev.beacon.common.geofence.Geofence;
import dev.beacon.common.geofence.GeofenceRecordCodec;
import dev.beacon.gateway.backend.GeofenceStore;
import dev.beacon.runtime.geofence.GeofenceDirectory;
import dev.beacon.runtime.geofence.GeofenceFeed;
import dev.beacon.runtime.kafka.KafkaSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.Producer;

/**
 * Geofences on the compacted {@code beacon.geofences}, as {@link KafkaDeviceKeyStore} keeps keys:
 * written through the process's shared producer ({@code acks=all}), a deletion as a tombstone, and
 * read back by a {@link GeofenceFeed}, so a fence made on any gateway is listed by every one. A
 * write is in this gateway's directory as soon as Kafka acknowledged it.
 */
final class KafkaGeofenceStore implements GeofenceStore {

  private final GeofenceDirectory directory;
  private final AckedProducer producer;
  private final String topic;
  private final GeofenceFeed feed;

  private KafkaGeofenceStore(
      GeofenceDirectory directory, AckedProducer producer, String topic, GeofenceFeed feed) {
    this.directory = directory;
    this.producer = producer;
    this.topic = topic;
    this.feed = feed;
  }

  /** Reads the topic up to its end (on a worker), then keeps reading on a thread of its own. */
  static Future<KafkaGeofenceStore> start(
      Vertx vertx, KafkaSettings kafka, String clientId, Producer<byte[], byte[]> producer) {
    GeofenceDirectory directory = new GeofenceDirectory();
    return vertx.executeBlocking(
        () ->
            new KafkaGeofenceStore(
                directory,
                new AckedProducer(vertx, producer),
                kafka.topics().geofences(),
                GeofenceFeed.start(kafka, clientId, directory)));
  }

  @Override
  public GeofenceDirectory directory() {
    return directory;
  }

  @Override
  public Future<Void> put(Geofence fence) {
    return producer
        .send(topic, GeofenceRecordCodec.key(fence.id()), GeofenceRecordCodec.encode(fence))
        .onSuccess(v -> directory.apply(fence));
  }

  @Override
  public Future<Void> delete(String fenceId) {
    return producer
        .send(topic, GeofenceRecordCodec.key(fenceId), null)
        .onSuccess(v -> directory.remove(fenceId));
  }

  Future<Void> close(Vertx vertx) {
    return vertx.executeBlocking(
        () -> {
          feed.close();
          return null;
        });
  }
}
