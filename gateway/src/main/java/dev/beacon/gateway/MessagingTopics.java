package dev.beacon.gateway;

import dev.beacon.common.kafka.KafkaSettings;
import dev.beacon.common.kafka.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The messaging topics a gateway writes and reads, with the same specs as the broadcaster's
 * ({@code BroadcasterTopics}), so whichever starts first creates them alike. Existing topics are left as
 * they are.
 */
final class MessagingTopics {

  /** How long deliveries stay readable: the window in which {@code since} can recover. */
  static final Duration DELIVERIES_RETENTION = Duration.ofHours(24);

  private MessagingTopics() {
  }

  static List<NewTopic> all(KafkaSettings kafka) {
    return List.of(
        new NewTopic(Topics.MESSAGES, kafka.partitions(), kafka.replication()),
        new NewTopic(Topics.DELIVERIES, kafka.partitions(), kafka.replication())
            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(DELIVERIES_RETENTION.toMillis()))),
        new NewTopic(Topics.PRESENCE, kafka.partitions(), kafka.replication())
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
  }
}
