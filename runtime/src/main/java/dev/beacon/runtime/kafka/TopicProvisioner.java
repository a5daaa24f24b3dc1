package dev.beacon.runtime.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Beacon's topics at start-up with the configured partitions and replication, so nothing depends
 * on the broker's auto-create. Existing topics are left as they are. Blocking: call it from a worker.
 */
public final class TopicProvisioner {

  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

  private final KafkaSettings settings;

  public TopicProvisioner(KafkaSettings settings) {
    this.settings = settings;
  }

  /** The spec of {@code beacon.gps}: a week of history by default, enough to rebuild the store after a loss. */
  public NewTopic gpsTopic() {
    return new NewTopic(settings.topics().gps(), settings.partitions(), settings.replication())
        .configs(Map.of("retention.ms", String.valueOf(settings.retention().gps().toMillis())));
  }

  /** How long deliveries stay readable by default: the window in which a client's {@code since} can recover. */
  public static final Duration DELIVERIES_RETENTION = TopicRetention.DEFAULT_DELIVERIES;

  /** {@code beacon.messages}: what clients sent, on its way to the broadcaster. */
  public NewTopic messagesTopic() {
    return new NewTopic(settings.topics().messages(), settings.partitions(), settings.replication());
  }

  /** {@code beacon.deliveries}: kept {@link TopicRetention#deliveries()}, the recovery window. */
  public NewTopic deliveriesTopic() {
    return new NewTopic(settings.topics().deliveries(), settings.partitions(), settings.replication())
        .configs(Map.of("retention.ms", String.valueOf(settings.retention().deliveries().toMillis())));
  }

  /** {@code beacon.presence}: compacted, so it holds the latest state of every client and gateway. */
  public NewTopic presenceTopic() {
    return new NewTopic(settings.topics().presence(), settings.partitions(), settings.replication())
        .configs(Map.of("cleanup.policy", "compact"));
  }

  /** How long operator commands stay in {@code beacon.control}: they only matter to gateways running now. */
  public static final Duration CONTROL_RETENTION = Duration.ofHours(1);

  /**
   * {@code beacon.control}: operator commands, rare and read by every gateway from its end, so one partition
   * keeps them in order and {@link #CONTROL_RETENTION} is plenty.
   */
  public NewTopic controlTopic() {
    return new NewTopic(settings.topics().control(), 1, settings.replication())
        .configs(Map.of("retention.ms", String.valueOf(CONTROL_RETENTION.toMillis())));
  }

  /** Every topic Beacon uses, so whichever service starts first creates them all alike. */
  public List<NewTopic> allTopics() {
    return List.of(gpsTopic(), messagesTopic(), deliveriesTopic(), presenceTopic(), controlTopic());
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
      for (var entry : admin.createTopics(missing).values().entrySet()) {
        createOne(entry.getKey(), entry.getValue(), deadline);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka at " + settings.bootstrap() + " did not answer within "
          + Duration.ofMillis(settings.ackTimeout().toMillis() * 3).toSeconds()
          + " s; start the broker or fix BEACON_KAFKA_BOOTSTRAP", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not list topics on " + settings.bootstrap() + ": " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  private void createOne(String name, org.apache.kafka.common.KafkaFuture<Void> result, long deadlineMs)
      throws InterruptedException, TimeoutException {
    try {
      result.get(deadlineMs, TimeUnit.MILLISECONDS);
      log.info("created topic {} ({} partitions, replication {})", name, settings.partitions(), settings.replication());
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("could not create topic " + name + ": " + e.getCause().getMessage(), e);
      }
    }
  }
}
