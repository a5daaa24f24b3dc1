package dev.beacon.gateway.kafka;

import dev.beacon.common.protocol.DeviceKeyRecord;
import dev.beacon.common.protocol.DeviceKeyRecordCodec;
import dev.beacon.gateway.backend.DeviceKeyStore;
import dev.beacon.runtime.devices.DeviceKeyDirectory;
import dev.beacon.runtime.devices.DeviceKeyFeed;
import dev.beacon.runtime.kafka.KafkaSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.Producer;

/**
 * Device keys on the compacted {@code beacon.device-keys}: written through the process's shared
 * producer ({@code acks=all}, owned by {@link KafkaFixSink}), read back by a {@link DeviceKeyFeed}
 * into the directory, so a key made on any gateway of the cluster works on every one within a poll.
 * A key written here is in this gateway's directory as soon as Kafka acknowledged it, without
 * waiting for the feed.
 */
final class KafkaDeviceKeyStore implements DeviceKeyStore {

  private final DeviceKeyDirectory directory;
  private final AckedProducer producer;
  private final String topic;
  private final DeviceKeyFeed feed;

  private KafkaDeviceKeyStore(
      DeviceKeyDirectory directory, AckedProducer producer, String topic, DeviceKeyFeed feed) {
    this.directory = directory;
    this.producer = producer;
    this.topic = topic;
    this.feed = feed;
  }

  /** Reads the topic up to its end (on a worker), then keeps reading on a thread of its own. */
  static Future<KafkaDeviceKeyStore> start(
      Vertx vertx, KafkaSettings kafka, String clientId, Producer<byte[], byte[]> producer) {
    DeviceKeyDirectory directory = new DeviceKeyDirectory();
    return vertx.executeBlocking(
        () ->
            new KafkaDeviceKeyStore(
                directory,
                new AckedProducer(vertx, producer),
                kafka.topics().deviceKeys(),
                DeviceKeyFeed.start(kafka, clientId, directory)));
  }

  @Override
  public DeviceKeyDirectory directory() {
    return directory;
  }

  @Override
  public Future<Void> write(DeviceKeyRecord record) {
    return producer
        .send(topic, DeviceKeyRecordCodec.key(record), DeviceKeyRecordCodec.encode(record))
        .onSuccess(v -> directory.apply(record));
  }

  Future<Void> close(Vertx vertx) {
    return vertx.executeBlocking(
        () -> {
          feed.close();
          return null;
        });
  }
}
