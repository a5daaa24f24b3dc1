package dev.beacon.ingestor;

import dev.beacon.common.gps.FixDetailLimits;
import dev.beacon.common.gps.GpsFix;
import dev.beacon.common.gps.GpsFixValidator;
import dev.beacon.common.gps.GpsLimits;
import dev.beacon.common.gps.GpsRecordCodec;
import dev.beacon.common.gps.InvalidFixException;
import dev.beacon.runtime.kafka.ConsumeContext;
import dev.beacon.runtime.kafka.ConsumeLoop;
import dev.beacon.runtime.kafka.ConsumeTask;
import dev.beacon.runtime.kafka.DeadLetters;
import dev.beacon.runtime.kafka.KafkaDeadLetters;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.LoopSettings;
import dev.beacon.runtime.kafka.Polled;
import dev.beacon.runtime.kafka.RetryBackoff;
import dev.beacon.runtime.kafka.Topics;
import dev.beacon.runtime.metrics.BeaconMetrics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code beacon.gps} and writes it to the store: poll, decode (a malformed record takes
 * the loop's bad-record policy and is skipped; its offset is committed with the batch), accumulate
 * until the batch is full or due, write it in one transaction, then commit the offsets of
 * everything in the batch. Offsets are committed only after the write, so a crash replays at most
 * the last batch, which the idempotent insert ignores. Before a rebalance takes partitions away,
 * and when the loop ends, the batch is written and committed.
 *
 * <p>A {@link ConsumeTask} that owns its {@link ConsumeLoop}: {@link #start(String)} runs it on a
 * thread of its own (blocking Kafka and JDBC calls, never an event loop); {@link #close(Duration)}
 * and {@link #hasFailed()} are safe from other threads.
 */
public final class GpsIngestor implements ConsumeTask<GpsFix> {

  private static final Logger log = LoggerFactory.getLogger(GpsIngestor.class);
  static final Duration FIRST_RETRY_BACKOFF = Duration.ofSeconds(1);
  private static final LoopSettings SETTINGS =
      LoopSettings.of(
          "ingestor",
          "consuming " + Topics.GPS,
          "fixes are no longer stored, restart the ingestor");

  private final ConsumeLoop loop;
  private final String topic;
  private final IngestorConfig config;
  private final FixWriter store;
  private final IngestorStats stats;
  private final PendingBatch batch;
  private final PersistentWriter writer;
  private final IngestorMetrics metrics;
  private final FixPruner pruner;
  private final ConflictLog conflictLog = new ConflictLog();
  private final GpsFixValidator validator = new GpsFixValidator(storedFixLimits());
  private final Set<TopicPartition> rewound = new HashSet<>();
  private ConsumeContext context;
  private boolean lastPollReturnedRecords;

  /** An ingestor with its own Kafka consumer in {@code config.groupId()}. */
  public GpsIngestor(
      KafkaSettings settings, IngestorConfig config, FixWriter store, IngestorStats stats) {
    this(
        new KafkaConsumer<>(
            staticMember(settings.consumer(clientId(config), config.groupId()), config, store)),
        settings.topics().gps(),
        config,
        store,
        stats,
        FIRST_RETRY_BACKOFF,
        new KafkaDeadLetters(settings, clientId(config)));
  }

  /**
   * Makes the consumer a static group member ({@code group.instance.id}), named after this host and
   * the store it fills, so the same name comes back on every restart. A restarted ingestor then
   * takes its partitions back at once, where a dynamic member waits for the killed one's session to
   * expire (45 s, measured in docs/operations.md). Two ingestors never share a store, so two live
   * members never share the name.
   */
  static Map<String, Object> staticMember(
      Map<String, Object> consumer, IngestorConfig config, FixWriter store) {
    consumer.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId(config, store));
    return consumer;
  }

  static String instanceId(IngestorConfig config, FixWriter store) {
    String where = hostName() + ":" + store.describe();
    return config.groupId() + "-" + Integer.toHexString(where.hashCode());
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /** An ingestor reading from {@code consumer}, which it closes when it stops. */
  public GpsIngestor(
      Consumer<byte[], byte[]> consumer,
      IngestorConfig config,
      FixWriter store,
      IngestorStats stats) {
    this(consumer, config, store, stats, FIRST_RETRY_BACKOFF);
  }

  /**
   * @param firstRetryBackoff the first wait before the store is tried again; a stop cuts every wait
   *     short
   */
  GpsIngestor(
      Consumer<byte[], byte[]> consumer,
      IngestorConfig config,
      FixWriter store,
      IngestorStats stats,
      Duration firstRetryBackoff) {
    this(consumer, Topics.GPS, config, store, stats, firstRetryBackoff, DeadLetters.NONE);
  }

  /**
   * @param topic {@code beacon.gps} under this deployment's prefix
   */
  private GpsIngestor(
      Consumer<byte[], byte[]> consumer,
      String topic,
      IngestorConfig config,
      FixWriter store,
      IngestorStats stats,
      Duration firstRetryBackoff,
      DeadLetters deadLetters) {
    this.topic = topic;
    this.config = config;
    this.store = store;
    this.stats = stats;
    this.batch = new PendingBatch(config.batchMaxRows(), config.batchMaxDelay());
    RetryBackoff retries = new RetryBackoff(firstRetryBackoff, PersistentWriter.MAX_BACKOFF);
    this.writer = new PersistentWriter(store, stats, retries);
    this.pruner = new FixPruner(store, config.retention(), stats, System::currentTimeMillis);
    this.metrics = new IngestorMetrics(BeaconMetrics.registry(), consumer, stats);
    this.loop =
        new ConsumeLoop(consumer, this, SETTINGS, retries, deadLetters, BeaconMetrics.registry());
  }

  private static String clientId(IngestorConfig config) {
    return config.groupId() + "-" + ProcessHandle.current().pid();
  }

  /**
   * Starts consuming on a thread named {@code threadName}; not a daemon, since the caller's flag
   * would be inherited (an event loop's) and the JVM must not exit under it.
   */
  public void start(String threadName) {
    loop.startThread(threadName, false);
  }

  /**
   * Asks the ingestor thread to write and commit what it holds, close the consumer and return, and
   * waits up to {@code timeout}; releases the consumer of an ingestor never started. Blocking.
   *
   * @return false when the thread was still running after {@code timeout}
   */
  public boolean close(Duration timeout) {
    return loop.close(timeout);
  }

  /** Whether the consumer loop died of an error (as opposed to being stopped). */
  public boolean hasFailed() {
    return loop.hasFailed();
  }

  /** The loop, for tests that drive it turn by turn. */
  ConsumeLoop loop() {
    return loop;
  }

  @Override
  public void start(ConsumeContext context) {
    this.context = context;
    if (config.rebuild()) {
      store.clear();
      log.info("rebuild: emptied {}, re-reading {} from the beginning", store.describe(), topic);
    }
    context.subscribe(List.of(topic));
    log.info(
        "ingestor consuming {} as group {} into {}", topic, config.groupId(), store.describe());
  }

  /** Polls wait no longer than until the batch is due, and not at all while pruning. */
  @Override
  public Duration pollTimeout(Duration idle) {
    // A pruning run under way goes on at once, a transaction per turn, between polls.
    return pruner.running() ? Duration.ZERO : batch.timeUntilDue(System.nanoTime(), idle);
  }

  /**
   * Into the batch, writing it whenever it is full; a bad record only moves the batch's offsets
   * past it.
   */
  @Override
  public void put(Polled<GpsFix> records) {
    lastPollReturnedRecords = true;
    for (Polled.Entry<GpsFix> entry : records.entries()) {
      if (entry.bad()) {
        stats.malformedRecord();
        batch.skip(entry.record());
        continue;
      }
      batch.add(entry.record(), entry.value());
      if (batch.isFull()) {
        flush();
      }
    }
  }

  /** Writes the batch when it is due, unless records already waiting would fill it. */
  @Override
  public void afterPoll() {
    if (batch.isDue(System.nanoTime()) && !backlogFillsBatch()) {
      flush();
    }
    if (batch.isEmpty()) {
      // Between two batches, never while one waits: at most one short pruning transaction.
      pruner.pruneIfDue();
    }
    lastPollReturnedRecords = false;
  }

  /**
   * Whether records already waiting in Kafka would fill the batch. When the ingestor is behind, a
   * full batch costs far less per row than a small one (docs/storage.md), the backlog is what
   * delays the fixes, and waiting for records that are already there takes only as long as decoding
   * them; so the delay applies only once caught up, or when a poll comes back empty.
   */
  private boolean backlogFillsBatch() {
    if (!lastPollReturnedRecords) {
      return false;
    }
    Consumer<byte[], byte[]> consumer = context.consumer();
    long lag = 0;
    for (TopicPartition partition : consumer.assignment()) {
      lag += consumer.currentLag(partition).orElse(0);
    }
    return lag >= batch.remainingCapacity();
  }

  /**
   * What a stored fix is checked against: the defaults, but attributes up to the widest bounds a
   * gateway may be configured with, so that no configured fix is dead-lettered here.
   */
  static GpsLimits storedFixLimits() {
    GpsLimits defaults = GpsLimits.defaults();
    return new GpsLimits(
        defaults.maxLineLength(),
        defaults.maxDeviceIdLength(),
        defaults.maxFutureSkew(),
        FixDetailLimits.CEILING);
  }

  /** A fix, decoded and validated; an invalid one is refused like an undecodable one. */
  @Override
  public GpsFix decode(ConsumerRecord<byte[], byte[]> record) {
    GpsFix fix = GpsRecordCodec.decode(record.value());
    try {
      validator.check(fix);
    } catch (InvalidFixException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return fix;
  }

  /**
   * Writes the batch, then commits its offsets; on a failed write nothing is committed. Also on a
   * stop.
   */
  @Override
  public void flush() {
    if (batch.isEmpty()) {
      return;
    }
    long started = System.nanoTime();
    Optional<BatchOutcome> stored = writer.insert(batch.fixes());
    if (stored.isEmpty()) {
      return;
    }
    int inserted = stored.get().inserted();
    Map<TopicPartition, OffsetAndMetadata> offsets = batch.offsets();
    context.commit(offsets);
    long tookNanos = System.nanoTime() - started;
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(tookNanos);
    metrics.batchCommitted(batch.size(), tookNanos);
    stats.batchCommitted(batch.size(), inserted, stored.get().conflicts().size(), tookMillis);
    conflictLog.report(stored.get().conflicts());
    log.debug(
        "stored {} fixes ({} new) and committed {} in {} ms",
        batch.size(),
        inserted,
        offsets,
        tookMillis);
    batch.clear();
  }

  /**
   * However the loop ends, even failed, what the batch still holds is written and committed if it
   * can be (after a stop, {@link #flush()} has normally emptied it already).
   */
  @Override
  public void close() {
    try {
      if (!batch.isEmpty()) {
        flush();
      }
    } catch (RuntimeException e) {
      log.warn(
          "could not commit the last batch on shutdown: {}; it will be re-read on the next start",
          e.getMessage());
    } finally {
      conflictLog.flush();
      metrics.close();
    }
  }

  @Override
  public String stoppedDetails() {
    return " (group " + config.groupId() + ")";
  }

  /** Commits before partitions move to another consumer. */
  @Override
  public void onRevoked(Collection<TopicPartition> partitions) {
    flush();
  }

  @Override
  public void onLost(Collection<TopicPartition> partitions) {
    batch.disown(partitions);
    log.warn(
        "partitions lost by group member {}: {}; their uncommitted fixes will be re-read by the new owner",
        config.groupId(),
        partitions);
  }

  /** In rebuild mode, reads each partition from the beginning the first time it is assigned. */
  @Override
  public void onAssigned(Collection<TopicPartition> partitions) {
    if (!config.rebuild()) {
      return;
    }
    List<TopicPartition> fresh = partitions.stream().filter(rewound::add).toList();
    if (!fresh.isEmpty()) {
      context.consumer().seekToBeginning(fresh);
      log.info("rebuild: reading {} from the beginning", fresh);
    }
  }
}
