package dev.beacon.runtime.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Waits until a topic has partitions. A topic created a moment ago may not be in every broker's
 * metadata yet, and a broker that is still starting answers with errors: both pass within seconds,
 * so every reader and writer that needs a topic's partitions at start-up asks again, here, until a
 * deadline.
 */
public final class TopicPartitions {

  private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private TopicPartitions() {}

  /** {@link #await(String, Function, Duration, BooleanSupplier)} without a stop condition. */
  public static List<TopicPartition> await(
      String topic, Function<String, List<PartitionInfo>> lookup, Duration timeout) {
    return await(topic, lookup, timeout, () -> false);
  }

  /**
   * The partitions of {@code topic}, asking {@code lookup} (a consumer's or a producer's {@code
   * partitionsFor}) every 100 ms until it names some. A lookup that fails with a Kafka error is
   * asked again too; the last error is in the message if the deadline passes.
   *
   * @param stopped checked between tries: when it turns true, the wait ends with a {@link
   *     WakeupException}, as a consumer's own blocking calls end when it is woken up
   * @throws IllegalStateException when {@code timeout} passes and the topic still has no partitions
   */
  public static List<TopicPartition> await(
      String topic,
      Function<String, List<PartitionInfo>> lookup,
      Duration timeout,
      BooleanSupplier stopped) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      KafkaException lastError = null;
      try {
        List<PartitionInfo> infos = lookup.apply(topic);
        if (infos != null && !infos.isEmpty()) {
          return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        }
      } catch (WakeupException | InterruptException e) {
        throw e;
      } catch (KafkaException e) {
        lastError = e;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            "topic "
                + topic
                + " has no partitions after "
                + timeout.toMillis()
                + " ms"
                + (lastError == null ? "" : " (" + lastError.getMessage() + ")")
                + "; check that Kafka is up,"
                + " BEACON_KAFKA_BOOTSTRAP is right and the broker let Beacon create the topic at start-up",
            lastError);
      }
      if (stopped.getAsBoolean()) {
        throw new WakeupException();
      }
      LockSupport.parkNanos(RETRY_NANOS);
    }
  }
}
