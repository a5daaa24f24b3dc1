package dev.beacon.broadcaster;

import dev.beacon.common.kafka.KafkaSettings;
import dev.beacon.common.kafka.Topics;
import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.DeliveryRecordCodec;
import dev.beacon.common.protocol.MessageRecord;
import dev.beacon.common.protocol.MessageRecordCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes {@code beacon.messages} to {@code beacon.deliveries} exactly once, consume-transform-produce:
 * poll, decode (malformed records are counted, logged and skipped), route, then in one Kafka transaction send
 * the deliveries and the consumer offsets of everything polled. A crash or an aborted transaction leaves
 * neither, so the messages are read again and delivered once.
 *
 * <p>When a transaction fails it is aborted and the consumer rewinds to the last committed offsets; when
 * the producer is fenced (another instance took over its {@code transactional.id}) or hits another fatal
 * error, the loop closes both clients and stops ({@link #hasFailed()}).
 *
 * <p>Runs on its own thread; {@link #stop()}, {@link #ready()} and {@link #hasFailed()} are safe from others.
 */
public final class Broadcaster extends ConsumeLoop {

  private static final Logger log = LoggerFactory.getLogger(Broadcaster.class);
  /**
   * Gateways read deliveries read_committed, so an open transaction of a broadcaster that died stalls them
   * until the broker times it out; ours last milliseconds, so the default minute is far too long.
   */
  static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(15);

  private final MessageRouter router;
  private final BroadcasterStats stats;
  private final LongSupplier clock;

  /** The deliveries and offsets of one poll, sent in one transaction. */
  record Batch(List<ProducerRecord<byte[], byte[]>> deliveries, Map<TopicPartition, OffsetAndMetadata> offsets,
               int messages) {
  }

  /** A broadcaster with its own transactional producer and consumer, as {@code config} says. */
  public Broadcaster(KafkaSettings kafka, BroadcasterConfig config, MessageRouter router, BroadcasterStats stats) {
    this(new KafkaConsumer<>(consumerProps(kafka, config)), new KafkaProducer<>(producerProps(kafka, config)),
        router, stats, System::currentTimeMillis, config.groupId());
  }

  /** A broadcaster over the given clients, which it closes when it stops. */
  Broadcaster(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, MessageRouter router,
      BroadcasterStats stats, LongSupplier clock, String groupId) {
    super(consumer, producer, log, "broadcaster", groupId);
    this.router = router;
    this.stats = stats;
    this.clock = clock;
  }

  static Map<String, Object> consumerProps(KafkaSettings kafka, BroadcasterConfig config) {
    Map<String, Object> props = kafka.consumer(config.transactionalId(), config.groupId());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return props;
  }

  static Map<String, Object> producerProps(KafkaSettings kafka, BroadcasterConfig config) {
    Map<String, Object> props = kafka.producer(config.transactionalId());
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis());
    // initTransactions and commitTransaction block up to max.block.ms; this thread may wait, an event loop never does.
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) kafka.ackTimeout().toMillis() * 3);
    return props;
  }

  @Override
  void subscribe() {
    producer.initTransactions();
    subscribeTo(List.of(Topics.MESSAGES));
    log.info("broadcaster routing {} to {} as group {}", Topics.MESSAGES, Topics.DELIVERIES, groupId());
  }

  /** One turn of the pipeline: decode and route, send in one transaction. */
  @Override
  void process(ConsumerRecords<byte[], byte[]> records) {
    send(route(records));
  }

  @Override
  String reasonOf(RuntimeException e) {
    return e instanceof ProducerFencedException
        ? "fenced: another broadcaster started with the same transactional.id; give each instance its own"
            + " BEACON_BROADCASTER_INSTANCE"
        : e.getMessage();
  }

  @Override
  void logFailure(String why, Exception e) {
    log.error("broadcaster stopped routing {}: {}; messages are no longer delivered, restart the broadcaster",
        Topics.MESSAGES, why, e);
  }

  @Override
  String stoppedDetails() {
    return " (" + stats + ")";
  }

  /** The deliveries of every well-formed record, and the offsets after every record, malformed or not. */
  Batch route(ConsumerRecords<byte[], byte[]> records) {
    List<ProducerRecord<byte[], byte[]>> deliveries = new ArrayList<>(records.count());
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    int messages = 0;
    long now = clock.getAsLong();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
      MessageRecord message = decode(record);
      if (message == null) {
        continue;
      }
      messages++;
      for (DeliveryRecord delivery : router.route(message, now)) {
        deliveries.add(new ProducerRecord<>(Topics.DELIVERIES, DeliveryRecordCodec.key(delivery),
            DeliveryRecordCodec.encode(delivery)));
      }
    }
    return new Batch(deliveries, offsets, messages);
  }

  private MessageRecord decode(ConsumerRecord<byte[], byte[]> record) {
    try {
      return MessageRecordCodec.decode(record.value());
    } catch (IllegalArgumentException e) {
      stats.malformedMessageSkipped();
      log.warn("skipped malformed message {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          e.getMessage());
      return null;
    }
  }

  /** Sends the batch in one transaction; aborts and rewinds on a recoverable error, rethrows a fatal one. */
  void send(Batch batch) {
    try {
      producer.beginTransaction();
      for (ProducerRecord<byte[], byte[]> delivery : batch.deliveries()) {
        producer.send(delivery);
      }
      producer.sendOffsetsToTransaction(batch.offsets(), consumer.groupMetadata());
      producer.commitTransaction();
    } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
             | UnsupportedVersionException e) {
      throw e;
    } catch (KafkaException e) {
      abort(batch, e);
      return;
    }
    stats.committed(batch.messages(), batch.deliveries().size());
    backoff.succeeded();
    log.debug("committed {} deliveries of {} messages, offsets {}", batch.deliveries().size(), batch.messages(),
        batch.offsets());
  }

  private void abort(Batch batch, KafkaException cause) {
    stats.aborted();
    log.warn("transaction of {} deliveries aborted: {}; re-reading from the last committed offsets in {} ms",
        batch.deliveries().size(), cause.getMessage(), backoff.nextMillis());
    // If the abort itself fails the producer is in a fatal state: let it escape and stop the loop.
    producer.abortTransaction();
    rewind(batch.offsets().keySet());
    pauseAfterFailure();
  }

  /** Seeks each partition of the failed batch back to its committed offset (its beginning when none). */
  private void rewind(Collection<TopicPartition> partitions) {
    List<TopicPartition> owned = partitions.stream().filter(consumer.assignment()::contains).toList();
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(java.util.Set.copyOf(owned));
    List<TopicPartition> fromStart = new ArrayList<>();
    for (TopicPartition partition : owned) {
      OffsetAndMetadata offset = committed.get(partition);
      if (offset == null) {
        fromStart.add(partition);
      } else {
        consumer.seek(partition, offset);
      }
    }
    if (!fromStart.isEmpty()) {
      consumer.seekToBeginning(fromStart);
    }
  }
}
