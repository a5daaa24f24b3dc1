package dev.beacon.broadcaster;

import dev.beacon.runtime.kafka.ConsumeContext;
import dev.beacon.runtime.kafka.ConsumeLoop;
import dev.beacon.runtime.kafka.ConsumeTask;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.LoopSettings;
import dev.beacon.runtime.kafka.TopicNames;
import dev.beacon.runtime.kafka.Topics;
import dev.beacon.common.messaging.MessageRouter;
import dev.beacon.common.presence.PresenceView;
import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.runtime.kafka.DeliverySource;
import dev.beacon.common.protocol.MessageRecord;
import dev.beacon.common.protocol.MessageRecordCodec;
import dev.beacon.runtime.timing.Hop;
import dev.beacon.runtime.timing.HopClock;
import dev.beacon.runtime.timing.TimingHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes {@code beacon.messages} to {@code beacon.deliveries} exactly once, consume-transform-produce: poll, decode
 * (malformed records are counted, logged and skipped), route, and send the deliveries at once inside a Kafka
 * transaction that stays open for {@link BroadcasterConfig#commitInterval()} over many polls; then commit the
 * deliveries together with the consumer offsets of everything polled. A crash or an aborted transaction leaves
 * neither, so the messages are read again and routed again.
 *
 * <p>Latency does not wait for the commit. Gateways read deliveries uncommitted, the moment the broker has them, and
 * drop the copies that a re-routing makes by their {@link DeliverySource} (the source partition and offset, carried
 * in a header); consumers that read committed data only see every delivery exactly once. And routing does not wait
 * for the commit either: two transactional producers take turns ({@link TransactionPair}), one committing on its
 * own thread while the other carries the next deliveries. Measured in docs/benchmarks.md: a commit takes several
 * broker round trips, and a transaction per poll made every message wait for the previous poll's commit.
 *
 * <p>When a transaction fails it is aborted and the consumer rewinds to the last committed offsets; when the producer
 * is fenced (another instance took over its {@code transactional.id}) or hits another fatal error, the loop closes
 * both clients and stops ({@link ConsumeLoop#hasFailed()}). Before a rebalance takes partitions away, and on stop,
 * the open transaction is committed.
 *
 * <p>A {@link ConsumeTask}: {@link #loop} runs it on a {@link ConsumeLoop} of its own thread.
 */
public final class Broadcaster implements ConsumeTask {

  private static final Logger log = LoggerFactory.getLogger(Broadcaster.class);
  /**
   * An open transaction of a broadcaster that died stalls every read_committed consumer of {@code beacon.deliveries}
   * until the broker times it out; ours last {@link BroadcasterConfig#commitInterval()}, so the default minute is far
   * too long.
   */
  static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(15);

  /** Added to the {@code transactional.id} of the second producer of the pair. */
  static final String SECOND_PRODUCER_SUFFIX = "-2";

  /** The most messages one transaction holds: bounds what a crash re-routes (see {@link DeliverySource}). */
  static final int MAX_MESSAGES_PER_TRANSACTION = 20_000;

  /** Static members leave the group on a stop, so that another instance takes the partitions at once. */
  static final LoopSettings SETTINGS = LoopSettings.of("broadcaster", "routing " + Topics.MESSAGES,
      "messages are no longer delivered, restart the broadcaster").leavingGroupOnClose();

  private final Producer<byte[], byte[]> first;
  private final Producer<byte[], byte[]> second;
  private final ExecutorService committer;
  private final PresenceView presence;
  private final TopicNames topics;
  private final BroadcasterStats stats;
  private final LongSupplier clock;
  private final String groupId;
  private final long commitIntervalNanos;
  private final TransactionPair transactions;
  private ConsumeContext context;

  /** The deliveries and offsets of one poll, sent in the open transaction. */
  record Batch(List<ProducerRecord<byte[], byte[]>> deliveries, Map<TopicPartition, OffsetAndMetadata> offsets,
               int messages, long polledMicros) {
  }

  /** A routing loop with its own consumer and pair of transactional producers, as {@code config} says. */
  public static ConsumeLoop loop(KafkaSettings kafka, BroadcasterConfig config, PresenceView presence,
      BroadcasterStats stats) {
    Producer<byte[], byte[]> first = new KafkaProducer<>(producerProps(kafka, config, config.transactionalId()));
    Producer<byte[], byte[]> second;
    try {
      second = new KafkaProducer<>(producerProps(kafka, config, config.transactionalId() + SECOND_PRODUCER_SUFFIX));
    } catch (RuntimeException e) {
      first.close(Duration.ZERO);
      throw e;
    }
    Broadcaster router = new Broadcaster(first, second, Executors.newSingleThreadExecutor(Broadcaster::commitThread),
        presence, stats, System::currentTimeMillis, config.groupId(), config.commitInterval(), kafka.topics());
    return ConsumeLoop.create(() -> new KafkaConsumer<>(consumerProps(kafka, config)), router, SETTINGS);
  }

  private static Thread commitThread(Runnable commits) {
    Thread thread = new Thread(commits, "beacon-broadcaster-commit");
    thread.setDaemon(true);
    return thread;
  }

  /**
   * A router over the given producers, which it closes when its loop ends.
   *
   * @param committer runs the commits, one at a time (see {@link TransactionPair}); shut down when the loop ends
   */
  Broadcaster(Producer<byte[], byte[]> first, Producer<byte[], byte[]> second, ExecutorService committer,
      PresenceView presence, BroadcasterStats stats, LongSupplier clock, String groupId, Duration commitInterval,
      TopicNames topics) {
    this.topics = topics;
    this.first = first;
    this.second = second;
    this.committer = committer;
    this.presence = presence;
    this.stats = stats;
    this.clock = clock;
    this.groupId = groupId;
    this.commitIntervalNanos = commitInterval.toNanos();
    this.transactions = new TransactionPair(first, second, committer, stats);
  }

  static Map<String, Object> consumerProps(KafkaSettings kafka, BroadcasterConfig config) {
    Map<String, Object> props = kafka.consumer(config.transactionalId(), config.groupId());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.groupId() + "-" + config.instanceId());
    return props;
  }

  static Map<String, Object> producerProps(KafkaSettings kafka, BroadcasterConfig config, String transactionalId) {
    Map<String, Object> props = kafka.realtimeProducer(transactionalId);
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis());
    // initTransactions and commitTransaction block up to max.block.ms; this thread may wait, an event loop never does.
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) kafka.ackTimeout().toMillis() * 3);
    // A transaction's first request after a commit gets CONCURRENT_TRANSACTIONS until the broker has written the
    // previous commit's markers; the client then sleeps retry.backoff.ms (100 ms by default) before asking again.
    // The pair of producers makes this rare; when it happens, it should cost milliseconds.
    props.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5);
    // One request in flight: a retried first request of a transaction then never races the ones behind it (which
    // the broker refuses as out of sequence and the client retries, noisily). Records sent meanwhile still batch.
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    return props;
  }

  @Override
  public void start(ConsumeContext context) {
    this.context = context;
    transactions.initTransactions();
    context.subscribe(List.of(topics.messages()));
    log.info("broadcaster routing {} to {} as group {}", topics.messages(), topics.deliveries(), groupId);
  }

  /** One turn of the pipeline: decode and route, send in the open transaction. */
  @Override
  public void put(ConsumerRecords<byte[], byte[]> records) {
    send(route(records));
  }

  /** Settles finished commits; hands the open transaction over for commit once it is old or full enough. */
  @Override
  public void afterPoll() {
    try {
      OpenTransaction open = transactions.open();
      if (open.isOpen() && (open.ageNanos() >= commitIntervalNanos
          || open.messages() >= MAX_MESSAGES_PER_TRANSACTION)) {
        transactions.handOver(context.consumer().groupMetadata());
        context.succeeded();
      }
      transactions.checkCommits();
    } catch (KafkaException e) {
      recover(e);
    }
  }

  /** While a transaction is open, the poll waits no longer than until its hand-over is due. */
  @Override
  public Duration pollTimeout(Duration idle) {
    OpenTransaction open = transactions.open();
    if (!open.isOpen()) {
      return idle;
    }
    return Duration.ofNanos(Math.max(0, commitIntervalNanos - open.ageNanos()));
  }

  /** Commits everything routed so far before a rebalance takes partitions away. */
  @Override
  public void onRevoked(Collection<TopicPartition> partitions) {
    commitNow();
  }

  @Override
  public void flush() {
    commitNow();
  }

  @Override
  public void close() {
    committer.shutdownNow();
    try {
      second.close(Duration.ofSeconds(5));
    } finally {
      first.close(Duration.ofSeconds(5));
    }
  }

  /** Hands the open transaction over and waits until it and every earlier one are committed. */
  void commitNow() {
    try {
      transactions.handOver(context.consumer().groupMetadata());
      transactions.awaitCommits();
    } catch (KafkaException e) {
      recover(e);
    }
  }

  @Override
  public String reasonOf(RuntimeException e) {
    return e instanceof ProducerFencedException
        ? "fenced: another broadcaster started with the same transactional.id; give each instance its own"
            + " BEACON_BROADCASTER_INSTANCE"
        : e.getMessage();
  }

  @Override
  public String stoppedDetails() {
    return " (" + stats + ")";
  }

  /** The deliveries of every well-formed record, and the offsets after every record, malformed or not. */
  Batch route(ConsumerRecords<byte[], byte[]> records) {
    List<ProducerRecord<byte[], byte[]>> deliveries = new ArrayList<>(records.count());
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    int messages = 0;
    long now = clock.getAsLong();
    long polled = HopClock.nowMicros();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
      MessageRecord message = decode(record);
      if (message == null) {
        continue;
      }
      messages++;
      long received = TimingHeaders.get(record.headers(), TimingHeaders.RECEIVED);
      if (received != 0) {
        Hop.BROADCASTER_POLL.recordMicros(polled - received);
      }
      DeliveryRecord delivery = MessageRouter.route(message, client -> presence.isPresent(client, now));
      ProducerRecord<byte[], byte[]> out = OutgoingDelivery.of(topics.deliveries(), delivery, DeliverySource.Lane.MESSAGES, record,
          0);
      if (received != 0) {
        TimingHeaders.put(out.headers(), TimingHeaders.RECEIVED, received);
        TimingHeaders.put(out.headers(), TimingHeaders.ROUTED, polled);
      }
      deliveries.add(out);
    }
    return new Batch(deliveries, offsets, messages, polled);
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

  /** Sends the batch's deliveries in the open transaction; a failure is recovered from, a fatal one rethrown. */
  void send(Batch batch) {
    try {
      transactions.send(batch);
    } catch (KafkaException e) {
      recover(e);
    }
  }

  /**
   * After a failed send or commit: aborts what is open, waits for the queued commits to settle, rewinds to the last
   * committed offsets and backs off. A fatal error (fenced, authorization, ...) is rethrown and stops the loop.
   */
  private void recover(KafkaException cause) {
    if (TransactionPair.isFatal(cause)) {
      throw cause;
    }
    stats.aborted();
    log.warn("transaction aborted: {}; re-reading from the last committed offsets in {} ms", cause.getMessage(),
        context.nextBackOffMillis());
    transactions.abortAll();
    rewind(context.consumer());
    context.backOff();
  }

  /** Seeks each assigned partition back to its committed offset (its beginning when none). */
  private static void rewind(Consumer<byte[], byte[]> consumer) {
    Set<TopicPartition> owned = consumer.assignment();
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(owned);
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
