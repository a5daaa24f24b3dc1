package dev.beacon.ingestor;

import dev.beacon.common.gps.GpsFix;
import dev.beacon.common.gps.GpsFixValidator;
import dev.beacon.common.gps.GpsLimits;
import dev.beacon.common.gps.GpsRecordCodec;
import dev.beacon.common.gps.InvalidFixException;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.Topics;
import dev.beacon.runtime.metrics.BeaconMetrics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code beacon.gps} and writes it to the store: poll, decode (malformed records are counted, logged
 * and skipped), accumulate until the batch is full or due, write it in one transaction, then commit the
 * offsets of everything in the batch. Offsets are committed only after the write, so a crash replays at most
 * the last batch, which the idempotent insert ignores.
 *
 * <p>Runs on its own thread (blocking Kafka and JDBC calls, never an event loop); {@link #stop()} is the only
 * method safe to call from another thread.
 */
public final class GpsIngestor implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(GpsIngestor.class);
  private static final Duration IDLE_POLL = Duration.ofMillis(500);
  static final Duration FIRST_RETRY_BACKOFF = Duration.ofSeconds(1);

  private final Consumer<byte[], byte[]> consumer;
  private final IngestorConfig config;
  private final FixWriter store;
  private final IngestorStats stats;
  private final PendingBatch batch;
  private final PersistentWriter writer;
  private final IngestorMetrics metrics;
  private final GpsFixValidator validator = new GpsFixValidator(GpsLimits.defaults());
  private final Set<TopicPartition> rewound = new HashSet<>();
  private volatile boolean running = true;
  private volatile boolean failed;
  private boolean lastPollReturnedRecords;

  /** An ingestor with its own Kafka consumer in {@code config.groupId()}. */
  public GpsIngestor(KafkaSettings settings, IngestorConfig config, FixWriter store, IngestorStats stats) {
    this(new KafkaConsumer<>(staticMember(settings.consumer(clientId(config), config.groupId()), config, store)),
        config, store, stats);
  }

  /**
   * Makes the consumer a static group member ({@code group.instance.id}), named after this host and the store it
   * fills, so the same name comes back on every restart. A restarted ingestor then takes its partitions back at
   * once, where a dynamic member waits for the killed one's session to expire (45 s, measured in
   * docs/operations.md). Two ingestors never share a store, so two live members never share the name.
   */
  static Map<String, Object> staticMember(Map<String, Object> consumer, IngestorConfig config, FixWriter store) {
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
  public GpsIngestor(Consumer<byte[], byte[]> consumer, IngestorConfig config, FixWriter store, IngestorStats stats) {
    this(consumer, config, store, stats, FIRST_RETRY_BACKOFF);
  }

  GpsIngestor(Consumer<byte[], byte[]> consumer, IngestorConfig config, FixWriter store, IngestorStats stats,
      Duration firstRetryBackoff) {
    this.consumer = consumer;
    this.config = config;
    this.store = store;
    this.stats = stats;
    this.batch = new PendingBatch(config.batchMaxRows(), config.batchMaxDelay());
    this.writer = new PersistentWriter(store, stats, firstRetryBackoff);
    this.metrics = new IngestorMetrics(BeaconMetrics.registry(), consumer, stats);
  }

  private static String clientId(IngestorConfig config) {
    return config.groupId() + "-" + ProcessHandle.current().pid();
  }

  @Override
  public void run() {
    try {
      subscribe();
      while (running) {
        pollOnce();
      }
    } catch (WakeupException e) {
      if (running) {
        failed = true;
        log.error("ingestor woken up without a stop request; it stopped consuming {}", Topics.GPS, e);
      }
    } catch (RuntimeException e) {
      failed = true;
      log.error("ingestor stopped consuming {}: {}; fixes are no longer stored, restart the ingestor",
          Topics.GPS, e.getMessage(), e);
    } finally {
      shutdown();
    }
  }

  /** Asks the ingestor thread to write and commit what it holds, close the consumer and return. */
  public void stop() {
    running = false;
    writer.stop();
    consumer.wakeup();
  }

  /** Releases the Kafka consumer of an ingestor whose {@link #run()} never started. */
  void closeUnstarted() {
    running = false;
    metrics.close();
    consumer.close();
  }

  /** Whether the consumer loop died of an error (as opposed to being stopped). */
  public boolean hasFailed() {
    return failed;
  }

  void subscribe() {
    if (config.rebuild()) {
      store.clear();
      log.info("rebuild: emptied {}, re-reading {} from the beginning", store.describe(), Topics.GPS);
    }
    consumer.subscribe(List.of(Topics.GPS), new FlushOnRebalance());
    log.info("ingestor consuming {} as group {} into {}", Topics.GPS, config.groupId(), store.describe());
  }

  /** One turn of the pipeline: poll, decode into the batch, flush when the batch is full or due. */
  void pollOnce() {
    ConsumerRecords<byte[], byte[]> records = consumer.poll(batch.timeUntilDue(System.nanoTime(), IDLE_POLL));
    lastPollReturnedRecords = !records.isEmpty();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      accumulate(record);
      if (batch.isFull()) {
        flush();
      }
    }
    if (batch.isDue(System.nanoTime()) && !backlogFillsBatch()) {
      flush();
    }
  }

  /**
   * Whether records already waiting in Kafka would fill the batch. When the ingestor is behind, a full batch
   * costs far less per row than a small one (docs/storage.md), the backlog is what delays the fixes, and waiting
   * for records that are already there takes only as long as decoding them; so the delay applies only once
   * caught up, or when a poll comes back empty.
   */
  private boolean backlogFillsBatch() {
    if (!lastPollReturnedRecords) {
      return false;
    }
    long lag = 0;
    for (TopicPartition partition : consumer.assignment()) {
      lag += consumer.currentLag(partition).orElse(0);
    }
    return lag >= batch.remainingCapacity();
  }

  private void accumulate(ConsumerRecord<byte[], byte[]> record) {
    try {
      batch.add(record, decode(record));
    } catch (IllegalArgumentException | InvalidFixException e) {
      stats.malformedRecord();
      batch.skip(record);
      log.warn("skipped malformed record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          e.getMessage());
    }
  }

  private GpsFix decode(ConsumerRecord<byte[], byte[]> record) throws InvalidFixException {
    GpsFix fix = GpsRecordCodec.decode(record.value());
    validator.deviceId(fix.deviceId());
    validator.latitude(fix.lat());
    validator.longitude(fix.lon());
    return fix;
  }

  /** Writes the batch, then commits its offsets; on a failed write nothing is committed. */
  void flush() {
    if (batch.isEmpty()) {
      return;
    }
    long started = System.nanoTime();
    OptionalInt stored = writer.insert(batch.fixes());
    if (stored.isEmpty()) {
      return;
    }
    int inserted = stored.getAsInt();
    Map<TopicPartition, OffsetAndMetadata> offsets = batch.offsets();
    commit(offsets);
    long tookNanos = System.nanoTime() - started;
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(tookNanos);
    metrics.batchCommitted(batch.size(), tookNanos);
    stats.batchCommitted(batch.size(), inserted, tookMillis);
    log.debug("stored {} fixes ({} new) and committed {} in {} ms", batch.size(), inserted, offsets, tookMillis);
    batch.clear();
  }

  private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    if (offsets.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(offsets);
    } catch (WakeupException e) {
      // stop() meant to interrupt poll(); the fixes are stored, so finish their commit before stopping.
      consumer.commitSync(offsets);
    } catch (CommitFailedException | RebalanceInProgressException e) {
      log.warn("offsets {} not committed because the group rebalanced ({}); the fixes are stored, and whoever"
          + " owns those partitions now will re-read and ignore them", offsets, e.getMessage());
    }
  }

  private void shutdown() {
    try {
      flush();
    } catch (RuntimeException e) {
      log.warn("could not commit the last batch on shutdown: {}; it will be re-read on the next start",
          e.getMessage());
    }
    metrics.close();
    try {
      consumer.close();
      log.info("ingestor stopped consuming {} (group {})", Topics.GPS, config.groupId());
    } catch (RuntimeException e) {
      log.warn("closing the {} consumer failed: {}", Topics.GPS, e.getMessage());
    }
  }

  /** Commits before partitions move to another consumer, and rewinds new partitions in rebuild mode. */
  private final class FlushOnRebalance implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      flush();
      log.info("partitions revoked from group {}: {}", config.groupId(), partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      batch.disown(partitions);
      log.warn("partitions lost by group member {}: {}; their uncommitted fixes will be re-read by the new owner",
          config.groupId(), partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      log.info("partitions assigned to group {}: {}", config.groupId(), partitions);
      if (!config.rebuild()) {
        return;
      }
      List<TopicPartition> fresh = partitions.stream().filter(rewound::add).toList();
      if (!fresh.isEmpty()) {
        consumer.seekToBeginning(fresh);
        log.info("rebuild: reading {} from the beginning", fresh);
      }
    }
  }
}
