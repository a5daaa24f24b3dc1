package dev.beacon.broadcaster;

import dev.beacon.common.presence.PresenceView;
import dev.beacon.runtime.kafka.ConsumeContext;
import dev.beacon.runtime.kafka.ConsumeLoop;
import dev.beacon.runtime.kafka.ConsumeTask;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.LoopSettings;
import dev.beacon.runtime.kafka.TopicPartitions;
import dev.beacon.runtime.kafka.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted {@code beacon.presence} from the beginning into a {@link PresenceView}: every partition
 * assigned, no consumer group, nothing committed. Its loop is {@linkplain ConsumeLoop#ready() ready} once everything
 * that was in the topic at start has been applied, so routing never judges a direct message against a half-loaded
 * view.
 *
 * <p>A {@link ConsumeTask}: {@link #loop} runs it on a {@link ConsumeLoop} of its own thread.
 */
public final class PresenceReader implements ConsumeTask {

  private static final Logger log = LoggerFactory.getLogger(PresenceReader.class);
  /** How long a topic created a moment ago may take to show up in the metadata. */
  private static final Duration PARTITIONS_WAIT = Duration.ofSeconds(15);

  static final LoopSettings SETTINGS = LoopSettings.of("presence reader", "reading " + Topics.PRESENCE,
      "direct messages may be refused, restart the broadcaster").withIdlePoll(Duration.ofMillis(200));

  private final String topic;
  private final PresenceView view;
  private final BroadcasterStats stats;
  private ConsumeContext context;
  private Map<TopicPartition, Long> endAtStart = Map.of();
  private boolean loaded;

  /** A reader loop with a consumer of its own, outside any group. */
  public static ConsumeLoop loop(KafkaSettings kafka, String clientId, PresenceView view, BroadcasterStats stats) {
    return new ConsumeLoop(new KafkaConsumer<>(consumerProps(kafka, clientId)),
        new PresenceReader(kafka.topics().presence(), view, stats), SETTINGS);
  }

  /** @param topic {@code beacon.presence} under this deployment's prefix */
  PresenceReader(String topic, PresenceView view, BroadcasterStats stats) {
    this.topic = topic;
    this.view = view;
    this.stats = stats;
  }

  static Map<String, Object> consumerProps(KafkaSettings kafka, String clientId) {
    Map<String, Object> props = kafka.consumer(clientId, "unused");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    return props;
  }

  /** Assigns every partition from the beginning and notes where each ends now: loaded means read up to there. */
  @Override
  public void start(ConsumeContext context) {
    this.context = context;
    Consumer<byte[], byte[]> consumer = context.consumer();
    List<TopicPartition> partitions = TopicPartitions.await(topic,
        topic -> consumer.partitionsFor(topic, PARTITIONS_WAIT), PARTITIONS_WAIT, context::stopping);
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    endAtStart = consumer.endOffsets(partitions);
    log.info("reading {} ({} partitions) from the beginning", topic, partitions.size());
    checkLoaded();
  }

  @Override
  public boolean readyOnStart() {
    return false;
  }

  @Override
  public void put(ConsumerRecords<byte[], byte[]> records) {
    for (ConsumerRecord<byte[], byte[]> record : records) {
      apply(record);
    }
  }

  @Override
  public void afterPoll() {
    checkLoaded();
  }

  private void apply(ConsumerRecord<byte[], byte[]> record) {
    try {
      view.apply(record.key(), record.value());
      stats.presenceApplied();
    } catch (IllegalArgumentException e) {
      stats.malformedPresenceSkipped();
      log.warn("skipped malformed presence record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          e.getMessage());
    }
  }

  private void checkLoaded() {
    if (loaded) {
      return;
    }
    for (Map.Entry<TopicPartition, Long> end : endAtStart.entrySet()) {
      if (context.consumer().position(end.getKey()) < end.getValue()) {
        return;
      }
    }
    loaded = true;
    log.info("presence view loaded: {} client entries", view.entries());
    context.ready();
  }
}
