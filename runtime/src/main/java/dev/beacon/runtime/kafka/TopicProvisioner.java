package dev.beacon.runtime.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Beacon's topics at start-up with the configured partitions and replication, so nothing
 * depends on the broker's auto-create. Existing topics are left as they are. Blocking: call it from
 * a worker.
 *
 * <p>On a cluster of {@link #CLUSTER_BROKERS} or more brokers every topic gets at least that
 * replication and {@code min.insync.replicas=}{@value #CLUSTER_MIN_INSYNC}: an {@code acks=all}
 * write (the {@code OK} of a fix) is then on two brokers before it is acknowledged, and one broker
 * can die or restart without losing it or stopping writes. A single broker keeps replication 1, as
 * {@code beacon local} runs.
 */
public final class TopicProvisioner {

  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

  /** Brokers from which topics are replicated {@value #CLUSTER_BROKERS} times. */
  public static final int CLUSTER_BROKERS = 3;

  /** The in-sync replicas an {@code acks=all} write needs on such a cluster. */
  public static final int CLUSTER_MIN_INSYNC = 2;

  private final KafkaSettings settings;

  public TopicProvisioner(KafkaSettings settings) {
    this.settings = settings;
  }

  /**
   * The spec of {@code beacon.gps}: a week of history by default, enough to rebuild the store after
   * a loss.
   */
  public NewTopic gpsTopic() {
    return new NewTopic(settings.topics().gps(), settings.partitions(), settings.replication())
        .configs(Map.of("retention.ms", String.valueOf(settings.retention().gps().toMillis())));
  }

  /**
   * How long deliveries stay readable by default: the window in which a client's {@code since} can
   * recover.
   */
  public static final Duration DELIVERIES_RETENTION = TopicRetention.DEFAULT_DELIVERIES;

  /** {@code beacon.messages}: what clients sent, on its way to the broadcaster. */
  public NewTopic messagesTopic() {
    return new NewTopic(
        settings.topics().messages(), settings.partitions(), settings.replication());
  }

  /** {@code beacon.deliveries}: kept {@link TopicRetention#deliveries()}, the recovery window. */
  public NewTopic deliveriesTopic() {
    return new NewTopic(
            settings.topics().deliveries(), settings.partitions(), settings.replication())
        .configs(
            Map.of("retention.ms", String.valueOf(settings.retention().deliveries().toMillis())));
  }

  /**
   * {@code beacon.presence}: compacted, so it holds the latest state of every client and gateway.
   */
  public NewTopic presenceTopic() {
    return new NewTopic(settings.topics().presence(), settings.partitions(), settings.replication())
        .configs(Map.of("cleanup.policy", "compact"));
  }

  /**
   * How long operator commands stay in {@code beacon.control}: they only matter to gateways running
   * now.
   */
  public static final Duration CONTROL_RETENTION = Duration.ofHours(1);

  /**
   * {@code beacon.control}: operator commands, rare and read by every gateway from its end, so one
   * partition keeps them in order and {@link #CONTROL_RETENTION} is plenty.
   */
  public NewTopic controlTopic() {
    return new NewTopic(settings.topics().control(), 1, settings.replication())
        .configs(Map.of("retention.ms", String.valueOf(CONTROL_RETENTION.toMillis())));
  }

  /**
   * {@code beacon.device-keys}: compacted, so it holds the latest state of every key (revoked ones
   * included, never deleted). One partition: keys are few and every gateway reads them all from the
   * beginning.
   */
  public NewTopic deviceKeysTopic() {
    return new NewTopic(settings.topics().deviceKeys(), 1, settings.replication())
        .configs(Map.of("cleanup.policy", "compact"));
  }

  /** How long dead letters stay in {@code beacon.dlq}: time enough to inspect and replay them. */
  public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(14);

  /**
   * {@code beacon.dlq}: the records consume loops refused, from every topic. Rare, so one
   * partition; kept {@link #DEAD_LETTER_RETENTION} for an operator to look at (docs/operations.md).
   */
  public NewTopic deadLettersTopic() {
    return new NewTopic(settings.topics().deadLetters(), 1, settings.replication())
        .configs(Map.of("retention.ms", String.valueOf(DEAD_LETTER_RETENTION.toMillis())));
  }

  /**
   * {@code beacon.geofences}: compacted, so it holds the latest definition of every fence (a
   * deleted one a tombstone). One partition: fences are few and every reader reads them all from
   * the beginning.
   */
  public NewTopic geofencesTopic() {
    return new NewTopic(settings.topics().geofences(), 1, settings.replication())
        .configs(Map.of("cleanup.policy", "compact"));
  }

  /**
   * {@code beacon.geofence-events}: keyed by device, so one device's events stay in order; kept as
   * long as {@code beacon.gps}, from which they can be derived again.
   */
  public NewTopic geofenceEventsTopic() {
    return new NewTopic(
            settings.topics().geofenceEvents(), settings.partitions(), settings.replication())
        .configs(Map.of("retention.ms", String.valueOf(settings.retention().gps().toMillis())));
  }

  /** Every topic Beacon uses, so whichever service starts first creates them all alike. */
  public List<NewTopic> allTopics() {
    return List.of(
        gpsTopic(),
        messagesTopic(),
        deliveriesTopic(),
        presenceTopic(),
        controlTopic(),
        deviceKeysTopic(),
        deadLettersTopic(),
        geofencesTopic(),
        geofenceEventsTopic());
  }

  /** Creates every topic Beacon uses that is missing. */
  public void ensureAll() {
    ensure(allTopics());
  }

  public void ensure(Collection<NewTopic> topics) {
    try (Admin admin = Admin.create(settings.admin("beacon-provisioner"))) {
      long deadline = settings.ackTimeout().toMillis() * 3;
      Set<String> existing = admin.listTopics().names().get(deadline, TimeUnit.MILLISECONDS);
      List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
      if (missing.isEmpty()) {
        return;
      }
      int brokers = admin.describeCluster().nodes().get(deadline, TimeUnit.MILLISECONDS).size();
      missing = missing.stream().map(t -> forCluster(t, brokers)).toList();
      var results = admin.createTopics(missing).values();
      for (NewTopic topic : missing) {
        createOne(topic, results.get(topic.name()), deadline);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka at "
              + settings.bootstrap()
              + " did not answer within "
              + Duration.ofMillis(settings.ackTimeout().toMillis() * 3).toSeconds()
              + " s; start the broker or fix BEACON_KAFKA_BOOTSTRAP",
          e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "could not list topics on " + settings.bootstrap() + ": " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  /**
   * {@code topic} as it is created on a cluster of {@code brokers}: at least {@value
   * #CLUSTER_BROKERS} replicas and {@code min.insync.replicas=}{@value #CLUSTER_MIN_INSYNC} from
   * {@value #CLUSTER_BROKERS} brokers on; as configured below that.
   */
  public static NewTopic forCluster(NewTopic topic, int brokers) {
    short configured = topic.replicationFactor();
    if (brokers < CLUSTER_BROKERS || configured < 1) {
      return topic;
    }
    short replication = (short) Math.max(configured, CLUSTER_BROKERS);
    Map<String, String> configs =
        new HashMap<>(topic.configs() == null ? Map.of() : topic.configs());
    configs.putIfAbsent("min.insync.replicas", String.valueOf(CLUSTER_MIN_INSYNC));
    return new NewTopic(topic.name(), topic.numPartitions(), replication).configs(configs);
  }

  private void createOne(NewTopic topic, KafkaFuture<Void> result, long deadlineMs)
      throws InterruptedException, TimeoutException {
    String name = topic.name();
    try {
      result.get(deadlineMs, TimeUnit.MILLISECONDS);
      log.info(
          "created topic {} ({} partitions, replication {}, min.insync.replicas {})",
          name,
          topic.numPartitions(),
          topic.replicationFactor(),
          topic.configs() == null
              ? null
              : topic.configs().getOrDefault("min.insync.replicas", "broker default"));
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "could not create topic " + name + ": " + e.getCause().getMessage(), e);
      }
    }
  }
}
