package dev.beacon.broadcaster;

import dev.beacon.common.kafka.KafkaSettings;
import dev.beacon.common.kafka.TopicProvisioner;
import dev.beacon.common.kafka.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The specs of the messaging topics the broadcaster reads and writes, created at start-up when missing
 * (existing topics are left as they are). Blocking: call {@link #ensure()} from a worker.
 */
public final class BroadcasterTopics {

  /**
   * How long deliveries stay readable: the window in which a client reconnecting with {@code since} can
   * recover what it missed. Older positions answer {@code subscribed} with {@code recovered: false}.
   */
  public static final Duration DELIVERIES_RETENTION = Duration.ofHours(24);

  private final KafkaSettings settings;

  public BroadcasterTopics(KafkaSettings settings) {
    this.settings = settings;
  }

  /** {@code beacon.messages}: keyed by room, {@code *} or {@code @<client>}; default retention. */
  public NewTopic messages() {
    return new NewTopic(Topics.MESSAGES, settings.partitions(), settings.replication());
  }

  /** {@code beacon.deliveries}: the stream clients recover from, kept {@link #DELIVERIES_RETENTION}. */
  public NewTopic deliveries() {
    return new NewTopic(Topics.DELIVERIES, settings.partitions(), settings.replication())
        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(DELIVERIES_RETENTION.toMillis())));
  }

  /** {@code beacon.presence}: compacted, so reading it from the beginning gives the latest state of every key. */
  public NewTopic presence() {
    return new NewTopic(Topics.PRESENCE, settings.partitions(), settings.replication())
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
  }

  public List<NewTopic> all() {
    return List.of(messages(), deliveries(), presence());
  }

  public void ensure() {
    new TopicProvisioner(settings).ensure(all());
  }
}
