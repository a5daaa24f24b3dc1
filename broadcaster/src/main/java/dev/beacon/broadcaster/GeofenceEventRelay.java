package dev.beacon.broadcaster;

import dev.beacon.common.geofence.GeofenceEvent;
import dev.beacon.common.geofence.GeofenceEventCodec;
import dev.beacon.common.presence.PresenceView;
import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.RoomNames;
import dev.beacon.runtime.kafka.ConsumeContext;
import dev.beacon.runtime.kafka.ConsumeLoop;
import dev.beacon.runtime.kafka.ConsumeTask;
import dev.beacon.runtime.kafka.DeliverySource;
import dev.beacon.runtime.kafka.KafkaDeadLetters;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.LoopSettings;
import dev.beacon.runtime.kafka.Polled;
import dev.beacon.runtime.kafka.RetryBatchException;
import dev.beacon.runtime.kafka.TopicNames;
import dev.beacon.runtime.kafka.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays geofence events live to the clients following them, as {@link GpsRelay} relays fixes:
 * reads {@code beacon.geofence-events} from its end in a group of its own ({@link #GROUP_SUFFIX}
 * after the GPS relay's group) and, for each event whose device has followers, produces a {@code
 * geofence} delivery to {@code events:<deviceId>} and/or {@code events:*}. Same guarantee:
 * at-least-once, offsets committed after every send of a poll was acknowledged, each delivery's
 * message id the event's own deterministic id and its {@link DeliverySource} header letting
 * gateways drop the repeats of a re-read.
 */
final class GeofenceEventRelay implements ConsumeTask<GeofenceEvent> {

  /** Appended to {@link BroadcasterConfig#gpsGroupId()} to name this relay's group. */
  static final String GROUP_SUFFIX = "-geofence-events";

  static final LoopSettings SETTINGS =
      LoopSettings.of(
              "geofence event relay",
              "reading " + Topics.GEOFENCE_EVENTS,
              "geofence events are no longer delivered live, restart the broadcaster")
          .toBuilder()
          .leaveGroupOnClose()
          .build();

  private static final Logger log = LoggerFactory.getLogger(GeofenceEventRelay.class);

  private final Producer<byte[], byte[]> producer;
  private final PresenceView presence;
  private final TopicNames topics;
  private final LongSupplier clock;
  private ConsumeContext context;

  GeofenceEventRelay(
      Producer<byte[], byte[]> producer,
      PresenceView presence,
      TopicNames topics,
      LongSupplier clock) {
    this.producer = producer;
    this.presence = presence;
    this.topics = topics;
    this.clock = clock;
  }

  static ConsumeLoop loop(KafkaSettings kafka, BroadcasterConfig config, PresenceView presence) {
    String clientId = config.transactionalId() + GROUP_SUFFIX;
    GeofenceEventRelay relay =
        new GeofenceEventRelay(
            new KafkaProducer<>(kafka.producer(clientId)),
            presence,
            kafka.topics(),
            System::currentTimeMillis);
    String group = config.gpsGroupId() + GROUP_SUFFIX;
    return ConsumeLoop.create(
        () -> {
          Map<String, Object> props = kafka.consumer(clientId, group);
          props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
          props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
          props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, group + "-" + config.instanceId());
          return new KafkaConsumer<>(props);
        },
        relay,
        SETTINGS,
        new KafkaDeadLetters(kafka, clientId));
  }

  @Override
  public void start(ConsumeContext context) {
    this.context = context;
    context.subscribe(List.of(topics.geofenceEvents()));
    log.info(
        "geofence event relay following {} from its end to {}",
        topics.geofenceEvents(),
        topics.deliveries());
  }

  @Override
  public GeofenceEvent decode(ConsumerRecord<byte[], byte[]> record) {
    GeofenceEvent event = GeofenceEventCodec.decode(record.value());
    if (!RoomNames.isValid(RoomNames.eventsRoom(event.deviceId()))) {
      throw new IllegalArgumentException(
          "device id '" + event.deviceId() + "' is not usable in an events:<deviceId> room");
    }
    return event;
  }

  @Override
  public void put(Polled<GeofenceEvent> records) {
    send(route(records), records);
  }

  /** The deliveries of every followed event. */
  List<ProducerRecord<byte[], byte[]>> route(Polled<GeofenceEvent> records) {
    long now = clock.getAsLong();
    boolean allFollowed = presence.hasMembers(RoomNames.EVENTS_ALL, now);
    List<ProducerRecord<byte[], byte[]>> deliveries = new ArrayList<>();
    for (Polled.Entry<GeofenceEvent> entry : records.good()) {
      GeofenceEvent event = entry.value();
      String room = RoomNames.eventsRoom(event.deviceId());
      if (presence.hasMembers(room, now)) {
        deliveries.add(delivery(room, event, entry.record(), 0));
      }
      if (allFollowed) {
        deliveries.add(delivery(RoomNames.EVENTS_ALL, event, entry.record(), 1));
      }
    }
    return deliveries;
  }

  private ProducerRecord<byte[], byte[]> delivery(
      String room, GeofenceEvent event, ConsumerRecord<byte[], byte[]> source, int index) {
    return OutgoingDelivery.of(
        topics.deliveries(),
        DeliveryRecord.toRoom(room, event.id(), GeofenceEventCodec.message(event, room)),
        DeliverySource.SourceTopic.GEOFENCE_EVENTS,
        source,
        index);
  }

  /** Sends, waits for every acknowledgement, commits; a failure re-reads the poll. */
  private void send(List<ProducerRecord<byte[], byte[]>> deliveries, Polled<?> records) {
    try {
      List<Future<?>> acks = new ArrayList<>(deliveries.size());
      for (ProducerRecord<byte[], byte[]> delivery : deliveries) {
        acks.add(producer.send(delivery));
      }
      if (!acks.isEmpty()) {
        producer.flush();
        for (Future<?> ack : acks) {
          ack.get();
        }
      }
      context.commit(records.offsets());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuthorizationException fatal) {
        throw fatal;
      }
      throw retry(deliveries, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      context.endLoop();
      return;
    } catch (AuthorizationException | WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      throw retry(deliveries, e);
    }
    context.succeeded();
  }

  private static RetryBatchException retry(
      List<ProducerRecord<byte[], byte[]>> deliveries, Throwable cause) {
    return new RetryBatchException(
        "relaying " + deliveries.size() + " geofence event deliveries failed", cause);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
