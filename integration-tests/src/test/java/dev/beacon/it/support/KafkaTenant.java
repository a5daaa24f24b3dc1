package dev.beacon.it.support;

import dev.beacon.broadcaster.BroadcasterConfig;
import dev.beacon.ingestor.IngestorConfig;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.TopicNames;
import java.nio.file.Path;
import java.util.Map;

/**
 * A test's own corner of the {@link SharedKafka} broker: Beacon's topics behind the prefix {@code
 * <name>.}, and consumer groups and transactional ids that start with {@code <name>}, so no other
 * test's gateway, broadcaster or ingestor reads or fences this test's.
 *
 * @param bootstrap the shared broker's address
 * @param name unique among the tenants of this test JVM
 */
public record KafkaTenant(String bootstrap, String name) {

  /** What this tenant's topic names start with ({@code BEACON_TOPIC_PREFIX}). */
  public String topicPrefix() {
    return name + ".";
  }

  /** This tenant's topic names, e.g. {@code topics().gps()}. */
  public TopicNames topics() {
    return new TopicNames(topicPrefix());
  }

  /** Beacon's defaults on the shared broker, with this tenant's topics and {@code partitions}. */
  public KafkaSettings settings(int partitions) {
    return KafkaSettings.builder()
        .bootstrap(bootstrap)
        .partitions(partitions)
        .topics(topics())
        .build();
  }

  /** A consumer group (or transactional id prefix) of this tenant's, for {@code role}. */
  public String group(String role) {
    return name + "-" + role;
  }

  /** A broadcaster's config with this tenant's groups and transactional ids. */
  public BroadcasterConfig.Builder broadcaster() {
    return BroadcasterConfig.builder()
        .groupId(group("broadcaster"))
        .gpsGroupId(group("broadcaster-gps"))
        .transactionalIdPrefix(group("broadcaster"));
  }

  /**
   * An ingestor's config on {@code dataDir} with this tenant's consumer group, its read API on any
   * free port.
   */
  public IngestorConfig.Builder ingestor(Path dataDir) {
    return IngestorConfig.defaults(dataDir).toBuilder().apiPort(0).groupId(group("ingestor"));
  }

  /**
   * The environment of a {@link BeaconProcess} on this tenant: the broker, the topic prefix and
   * this tenant's groups and transactional ids.
   */
  public Map<String, String> env() {
    return Map.of(
        "BEACON_KAFKA_BOOTSTRAP", bootstrap,
        "BEACON_TOPIC_PREFIX", topicPrefix(),
        "BEACON_INGESTOR_GROUP", group("ingestor"),
        "BEACON_BROADCASTER_GROUP", group("broadcaster"),
        "BEACON_BROADCASTER_GPS_GROUP", group("broadcaster-gps"),
        "BEACON_BROADCASTER_TXN_PREFIX", group("broadcaster"));
  }
}
