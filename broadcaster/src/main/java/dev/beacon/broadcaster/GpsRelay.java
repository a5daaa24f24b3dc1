package dev.beacon.broadcaster;

import dev.beacon.common.gps.GpsFix;
import dev.beacon.common.gps.GpsRecordCodec;
import dev.beacon.common.presence.PresenceView;
import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.RoomNames;
import dev.beacon.common.protocol.ServerMessages;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays live GPS fixes to the clients following them: reads {@code beacon.gps} from its end (live
 * only: {@code auto.offset.reset=latest}, a new group never replays history) and, for each fix
 * whose device has followers, produces a {@code gps} delivery to {@code gps:<deviceId>} and/or
 * {@code gps:*} on {@code beacon.deliveries}. A device is followed when a present client (per
 * {@link PresenceView}) is subscribed to {@code gps:<deviceId>} or to {@code gps:*}. Fixes nobody
 * follows produce nothing, so an unwatched stream costs only the consume; followers are judged once
 * per device per poll.
 *
 * <p><b>Delivery guarantee: best-effort, at-least-once.</b> Unlike {@link DeliveryRouter} this is
 * not transactional: the producer is idempotent (no duplicates from its own retries) and the
 * consumer offsets of a poll are committed only after every send of that poll was acknowledged. A
 * crash between the sends and the commit, or a failed send (the poll is re-read from its first
 * offsets after a back-off), relays fixes again; each delivery's message id is {@code
 * gps-<partition>-<offset>} of its fix, so repeats carry the same id, and its {@link
 * DeliverySource} header lets the gateways drop the repeats before they reach a client. Fixes
 * produced while the relay is down and its group has no committed offset are never relayed.
 *
 * <p>A record's device id is its key ({@link #decode}); its value is decoded only when the device
 * is followed, and a malformed one then takes the loop's bad-record policy ({@link
 * ConsumeContext#refuse}).
 *
 * <p>A {@link ConsumeTask}: {@link #loop} runs it on a {@link ConsumeLoop} of its own thread.
 */
public final class GpsRelay implements ConsumeTask<String> {

  private static final Logger log = LoggerFactory.getLogger(GpsRelay.class);

  /**
   * Static members leave the group on a stop, so that another instance takes the partitions at
   * once.
   */
  static final LoopSettings SETTINGS =
      LoopSettings.builder()
          .name("GPS relay")
          .work("reading " + Topics.GPS)
          .consequence("live positions are no longer relayed, restart the broadcaster")
          .leaveGroupOnClose()
          .build();

  private final Producer<byte[], byte[]> producer;
  private final PresenceView presence;
  private final TopicNames topics;
  private final BroadcasterStats stats;
  private final LongSupplier clock;
  private final String groupId;
  private ConsumeContext context;

  /** The deliveries of one poll and the offsets to commit. */
  record Batch(
      List<ProducerRecord<byte[], byte[]>> deliveries,
      Map<TopicPartition, OffsetAndMetadata> offsets,
      int fixes,
      int relayed) {}

  /**
   * A relay loop with its own idempotent producer and a consumer in {@link
   * BroadcasterConfig#gpsGroupId()}.
   */
  public static ConsumeLoop loop(
      KafkaSettings kafka,
      BroadcasterConfig config,
      PresenceView presence,
      BroadcasterStats stats) {
    GpsRelay relay =
        new GpsRelay(
            new KafkaProducer<>(kafka.producer(config.transactionalId() + "-gps")),
            presence,
            stats,
            System::currentTimeMillis,
            config.gpsGroupId(),
            kafka.topics());
    return ConsumeLoop.create(
        () -> new KafkaConsumer<>(consumerProps(kafka, config)),
        relay,
        SETTINGS,
        new KafkaDeadLetters(kafka, config.transactionalId() + "-gps"));
  }

  /** A relay over {@code producer}, which it closes when its loop ends. */
  GpsRelay(
      Producer<byte[], byte[]> producer,
      PresenceView presence,
      BroadcasterStats stats,
      LongSupplier clock,
      String groupId,
      TopicNames topics) {
    this.topics = topics;
    this.producer = producer;
    this.presence = presence;
    this.stats = stats;
    this.clock = clock;
    this.groupId = groupId;
  }

  static Map<String, Object> consumerProps(KafkaSettings kafka, BroadcasterConfig config) {
    Map<String, Object> props =
        kafka.consumer(config.transactionalId() + "-gps", config.gpsGroupId());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(
        ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.gpsGroupId() + "-" + config.instanceId());
    return props;
  }

  @Override
  public void start(ConsumeContext context) {
    this.context = context;
    context.subscribe(List.of(topics.gps()));
    log.info(
        "GPS relay following {} from its end to {} as group {}",
        topics.gps(),
        topics.deliveries(),
        groupId);
  }

  /**
   * The device id, from the key: the value is decoded only for a followed device ({@link #route}).
   */
  @Override
  public String decode(ConsumerRecord<byte[], byte[]> record) {
    return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
  }

  /** One turn: relay the followed fixes, wait for their acknowledgements, commit the offsets. */
  @Override
  public void put(Polled<String> records) {
    send(route(records));
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }

  /** The deliveries of every followed, well-formed fix, and the offsets after every record. */
  Batch route(Polled<String> records) {
    List<ProducerRecord<byte[], byte[]>> deliveries = new ArrayList<>();
    long now = clock.getAsLong();
    boolean allFollowed = presence.hasMembers(RoomNames.GPS_ALL, now);
    Map<String, Boolean> deviceFollowed = new HashMap<>();
    // Every record read, followed or not, malformed or not.
    int fixes = records.count();
    int relayed = 0;
    for (Polled.Entry<String> entry : records.good()) {
      ConsumerRecord<byte[], byte[]> record = entry.record();
      if (!allFollowed
          && entry.value() != null
          && !deviceFollowed.computeIfAbsent(
              RoomNames.gpsRoom(entry.value()), r -> presence.hasMembers(r, now))) {
        // The key is the device id: a fix nobody follows is skipped without decoding its value.
        continue;
      }
      GpsFix fix = decodeFix(record);
      if (fix == null) {
        continue;
      }
      String room = RoomNames.gpsRoom(fix.deviceId());
      boolean followed = deviceFollowed.computeIfAbsent(room, r -> presence.hasMembers(r, now));
      if (!followed && !allFollowed) {
        continue;
      }
      if (!RoomNames.isValid(room) || room.equals(RoomNames.GPS_ALL)) {
        // Checked only for followed fixes: the gateways validate device ids, so this is rare and
        // not free.
        malformed(
            record, "device id '" + fix.deviceId() + "' is not usable in a gps:<deviceId> room");
        continue;
      }
      relayed++;
      String id = "gps-" + record.partition() + "-" + record.offset();
      if (followed) {
        deliveries.add(
            delivery(DeliveryRecord.toRoom(room, id, ServerMessages.gps(fix, room)), record, 0));
      }
      if (allFollowed) {
        deliveries.add(
            delivery(
                DeliveryRecord.toRoom(
                    RoomNames.GPS_ALL, id, ServerMessages.gps(fix, RoomNames.GPS_ALL)),
                record,
                1));
      }
    }
    return new Batch(deliveries, records.offsets(), fixes, relayed);
  }

  /**
   * A delivery of {@code fix}, marked with its source so that gateways drop the copies a re-read
   * relays again.
   */
  private ProducerRecord<byte[], byte[]> delivery(
      DeliveryRecord delivery, ConsumerRecord<byte[], byte[]> fix, int index) {
    return OutgoingDelivery.of(
        topics.deliveries(), delivery, DeliverySource.SourceTopic.GPS, fix, index);
  }

  private GpsFix decodeFix(ConsumerRecord<byte[], byte[]> record) {
    try {
      return GpsRecordCodec.decode(record.value());
    } catch (IllegalArgumentException e) {
      malformed(record, e.getMessage());
      return null;
    }
  }

  private void malformed(ConsumerRecord<byte[], byte[]> record, String why) {
    context.refuse(record, why);
  }

  /**
   * Sends the deliveries, waits until all are acknowledged, then commits the offsets. A failed send
   * or commit hands the poll back to the loop ({@link RetryBatchException}: re-read from its first
   * offsets after a back-off); an authorization error stops the relay.
   */
  void send(Batch batch) {
    try {
      List<Future<?>> acks = new ArrayList<>(batch.deliveries().size());
      for (ProducerRecord<byte[], byte[]> delivery : batch.deliveries()) {
        acks.add(producer.send(delivery));
      }
      if (!acks.isEmpty()) {
        producer.flush();
        for (Future<?> ack : acks) {
          ack.get();
        }
      }
      context.commit(batch.offsets());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuthorizationException fatal) {
        throw fatal;
      }
      throw retry(batch, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      context.endLoop();
      return;
    } catch (AuthorizationException e) {
      throw e;
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      throw retry(batch, e);
    }
    stats.gpsRelayed(batch.fixes(), batch.relayed(), batch.deliveries().size());
    context.succeeded();
  }

  private static RetryBatchException retry(Batch batch, Throwable cause) {
    return new RetryBatchException(
        "relaying "
            + batch.deliveries().size()
            + " GPS deliveries of "
            + batch.fixes()
            + " fixes failed",
        cause);
  }
}
