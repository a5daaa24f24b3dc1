package dev.beacon.runtime.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * A gauge of how many records a Kafka consumer is behind: the sum, over the partitions it is
 * assigned, of the consumer's own {@code records-lag} metric (log end offset minus position, as of
 * its last fetch). Reading a consumer's metrics is thread-safe, so Prometheus scrapes it from any
 * thread while the consumer's owner polls.
 *
 * <p>{@link #close()} removes the gauge, so a service that stops and starts again in the same JVM
 * reports its new consumer, not the closed one.
 */
public final class ConsumerLag implements AutoCloseable {

  /** The name of Kafka's per-partition lag metric in the fetch manager group. */
  static final String RECORDS_LAG = "records-lag";

  private static final String FETCH_MANAGER_GROUP = "consumer-fetch-manager-metrics";

  private final MeterRegistry registry;
  private final Gauge gauge;

  private ConsumerLag(MeterRegistry registry, Gauge gauge) {
    this.registry = registry;
    this.gauge = gauge;
  }

  /**
   * Registers {@code name} (for example {@code beacon_ingestor_consumer_lag_records}) with the tag
   * {@code consumer=<role>} over {@code consumer}.
   */
  public static ConsumerLag register(
      MeterRegistry registry, String name, String role, Consumer<?, ?> consumer) {
    Gauge gauge =
        Gauge.builder(name, consumer, ConsumerLag::totalLag)
            .tag("consumer", role)
            .description(
                "Records the consumer is behind the end of its assigned partitions, as of its last fetch")
            .baseUnit("records")
            .strongReference(true)
            .register(registry);
    return new ConsumerLag(registry, gauge);
  }

  /** The sum of {@code records-lag} over the consumer's partitions; 0 before its first fetch. */
  static double totalLag(Consumer<?, ?> consumer) {
    Map<MetricName, ? extends Metric> metrics;
    try {
      metrics = consumer.metrics();
    } catch (RuntimeException closed) {
      return Double.NaN;
    }
    double total = 0;
    for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
      MetricName name = entry.getKey();
      if (RECORDS_LAG.equals(name.name())
          && FETCH_MANAGER_GROUP.equals(name.group())
          && name.tags().containsKey("partition")) {
        Object value = entry.getValue().metricValue();
        if (value instanceof Number number && !Double.isNaN(number.doubleValue())) {
          total += number.doubleValue();
        }
      }
    }
    return total;
  }

  @Override
  public void close() {
    registry.remove(gauge);
  }
}
