package dev.beacon.gateway.kafka;

import dev.beacon.common.protocol.PresenceRecord;
import dev.beacon.common.protocol.PresenceRecordCodec;
import dev.beacon.gateway.backend.Backend;
import dev.beacon.gateway.backend.ChannelHistory;
import dev.beacon.gateway.backend.ControlSink;
import dev.beacon.gateway.backend.GatewayPresence;
import dev.beacon.gateway.backend.GeofenceStore;
import dev.beacon.gateway.backend.MessageSink;
import dev.beacon.gateway.backend.Recovery;
import dev.beacon.runtime.kafka.ConsumeLoop;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.TopicProvisioner;
import dev.beacon.runtime.presence.PresenceReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's backend on Kafka, everything it needs from the cluster in one owner. {@link #start}
 * runs named steps, each pushing its closer so {@link #close} undoes them in reverse:
 *
 * <ol>
 *   <li>create Beacon's topics when missing;
 *   <li>the fix producer ({@link KafkaFixSink}: {@code acks=all}, batching; it also carries control
 *       commands);
 *   <li>the messaging producer ({@link KafkaSettings#realtimeProducer}: no linger, so a chat is not
 *       held back by the fixes' batching), metadata loaded for every topic it writes, so no send
 *       waits on an event loop;
 *   <li>the delivery feed ({@link DeliveryFeed}, into the gateway's event loops) and its epoch for
 *       positions;
 *   <li>presence: the reader of {@code beacon.presence} ({@link PresenceReader}) and this gateway's
 *       heartbeat and sessions ({@link GatewayPresence}), written with the messaging producer;
 *   <li>operator commands from {@code beacon.control} ({@link ControlFeed});
 *   <li>device keys from {@code beacon.device-keys} ({@link KafkaDeviceKeyStore}), read to the end
 *       before the gateway listens; readiness ({@link KafkaReadiness}, and the presence view
 *       loaded: {@link PresenceAwareReadiness}).
 * </ol>
 *
 * A failed step closes what the earlier ones opened. On close, presence says goodbye before the
 * producers flush.
 */
public final class KafkaBackend implements Backend {

  private static final Logger log = LoggerFactory.getLogger(KafkaBackend.class);

  private final KafkaSettings kafka;
  private final Deque<Supplier<Future<?>>> closers = new ArrayDeque<>();
  private KafkaFixSink fixes;
  private MessageSink messages;
  private GatewayPresence presence;
  private Recovery recovery;
  private ChannelHistory history;
  private ControlSink control;
  private ConsumeLoop presenceReader;
  private Parts parts;
  private KafkaGeofenceStore geofences;

  private KafkaBackend(KafkaSettings kafka) {
    this.kafka = kafka;
  }

  /** A backend on the cluster {@code kafka} points at; nothing connects before {@link #start}. */
  public static KafkaBackend of(KafkaSettings kafka) {
    return new KafkaBackend(kafka);
  }

  @Override
  public Future<Void> start(Vertx vertx, Attachment attached) {
    String clientId = "beacon-gateway-" + attached.gatewayId();
    return vertx
        .executeBlocking(
            () -> {
              new TopicProvisioner(kafka).ensureAll();
              return null;
            })
        .compose(v -> KafkaFixSink.start(vertx, kafka, clientId))
        .compose(
            sink -> {
              fixes = sink;
              closers.push(() -> sink.close(kafka.ackTimeout()));
              control = new KafkaControlSink(vertx, sink.producer(), kafka.topics().control());
              return vertx.executeBlocking(() -> messagingProducer(vertx, clientId, sink));
            })
        .compose(
            producer -> {
              messages = new KafkaMessageSink(vertx, producer, kafka.topics().messages());
              return DeliveryFeed.start(
                      vertx, kafka, clientId + "-deliveries", attached.deliveries())
                  .compose(
                      feed -> {
                        closers.push(() -> feed.close(vertx));
                        recovery =
                            new KafkaRecovery(vertx, kafka, clientId + "-recovery", feed.epoch());
                        history =
                            new KafkaHistory(vertx, kafka, clientId + "-history", feed.epoch());
                        presence =
                            new GatewayPresence(
                                attached.gatewayId(),
                                attached.presencePeriod(),
                                record ->
                                    writePresence(producer, kafka.topics().presence(), record),
                                System::currentTimeMillis);
                        return vertx.executeBlocking(
                            () ->
                                startPresenceReader(
                                    clientId + "-presence", attached.presenceHeard()));
                      })
                  .map(
                      reader -> {
                        presenceReader = reader;
                        closers.push(
                            () -> vertx.executeBlocking(() -> reader.close(Duration.ofSeconds(5))));
                        presence.start(vertx);
                        closers.push(
                            () -> {
                              presence.stop(vertx);
                              return Future.succeededFuture();
                            });
                        return null;
                      });
            })
        .compose(
            v ->
                ControlFeed.start(
                    vertx,
                    kafka,
                    clientId + "-control",
                    attached.gatewayId(),
                    attached.connections()))
        .compose(
            feed -> {
              closers.push(() -> feed.close(vertx));
              return KafkaDeviceKeyStore.start(
                  vertx, kafka, clientId + "-device-keys", fixes.producer());
            })
        .compose(
            keys -> {
              closers.push(() -> keys.close(vertx));
              return KafkaGeofenceStore.start(
                      vertx, kafka, clientId + "-geofences", fixes.producer())
                  .compose(
                      fences -> {
                        geofences = fences;
                        closers.push(() -> fences.close(vertx));
                        return KafkaReadiness.start(vertx, kafka, clientId + "-readiness");
                      })
                  .map(probe -> startedWith(keys, probe));
            })
        .recover(failure -> close().transform(ignored -> Future.failedFuture(failure)));
  }

  private Void startedWith(KafkaDeviceKeyStore keys, KafkaReadiness probe) {
    closers.push(probe::close);
    parts =
        new Parts(
            fixes,
            messages,
            presence,
            recovery,
            control,
            keys,
            new PresenceAwareReadiness(probe, presenceReader, kafka.topics().presence()));
    return null;
  }

  /**
   * Creates the messaging producer and loads its metadata (and that of {@code beacon.control} on
   * the fix producer), so that no send of a message, presence record or command waits for metadata
   * on an event loop. It closes last.
   */
  private Producer<byte[], byte[]> messagingProducer(
      Vertx vertx, String clientId, KafkaFixSink sink) {
    KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(kafka.realtimeProducer(clientId + "-messages"));
    closers.push(
        () ->
            vertx.executeBlocking(
                () -> {
                  producer.close(Duration.ofSeconds(5));
                  return null;
                }));
    KafkaFixSink.warmMetadata(producer, kafka.topics().messages(), kafka.ackTimeout());
    KafkaFixSink.warmMetadata(producer, kafka.topics().presence(), kafka.ackTimeout());
    KafkaFixSink.warmMetadata(sink.producer(), kafka.topics().control(), kafka.ackTimeout());
    KafkaFixSink.warmMetadata(sink.producer(), kafka.topics().deviceKeys(), kafka.ackTimeout());
    KafkaFixSink.warmMetadata(sink.producer(), kafka.topics().geofences(), kafka.ackTimeout());
    return producer;
  }

  /**
   * Fire and forget: presence is refreshed every period, so a lost record is only logged. A record
   * whose partition key is not its key (a membership) goes to the partition the producer picks for
   * that partition key (murmur2, as the default partitioner does for keyed records), so that a
   * reader sees a client's records in order.
   */
  static void writePresence(
      Producer<byte[], byte[]> producer, String topic, PresenceRecord record) {
    try {
      int partitions =
          record.partitionKey().equals(record.key()) ? 0 : producer.partitionsFor(topic).size();
      Integer partition = partitions == 0 ? null : partitionOf(record.partitionKey(), partitions);
      producer.send(
          new ProducerRecord<>(
              topic,
              partition,
              PresenceRecordCodec.key(record),
              PresenceRecordCodec.encode(record)),
          (metadata, error) -> {
            if (error != null) {
              log.warn("presence {} not written: {}", record.key(), error.toString());
            }
          });
    } catch (RuntimeException e) {
      log.warn("presence {} not written: {}", record.key(), e.toString());
    }
  }

  /**
   * Reads {@code beacon.presence} from its beginning into the view, on a thread of its own; the
   * gateway is not ready ({@link PresenceAwareReadiness}) until the reader has caught up.
   */
  private ConsumeLoop startPresenceReader(String clientId, Consumer<PresenceRecord> heard) {
    ConsumeLoop reader =
        PresenceReader.loop(
            kafka,
            clientId,
            presence.view(),
            "this gateway's view of who is connected where goes stale, restart it",
            heard);
    reader.startThread(PresenceReader.THREAD, true);
    return reader;
  }

  /** The partition Kafka's default partitioner gives a record keyed {@code key}. */
  static int partitionOf(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  @Override
  public Parts parts() {
    return parts;
  }

  @Override
  public ChannelHistory history() {
    return history;
  }

  @Override
  public GeofenceStore geofences() {
    return geofences;
  }

  /**
   * A device waiting for {@code OK} hears back within the Kafka ack timeout plus {@link
   * Backend#REPLY_TIMER_MARGIN}.
   */
  @Override
  public Duration replyTimeout() {
    return kafka.ackTimeout().plus(REPLY_TIMER_MARGIN);
  }

  /** Closes in reverse order of start, each after the previous one, carrying on past failures. */
  @Override
  public synchronized Future<Void> close() {
    Future<Void> chain = Future.succeededFuture();
    while (!closers.isEmpty()) {
      Supplier<Future<?>> closer = closers.pop();
      chain =
          chain.transform(
              ignored ->
                  closer
                      .get()
                      .onFailure(
                          e ->
                              log.warn(
                                  "gateway Kafka resource did not close cleanly: {}", e.toString()))
                      .<Void>mapEmpty()
                      .otherwiseEmpty());
    }
    return chain;
  }
}
