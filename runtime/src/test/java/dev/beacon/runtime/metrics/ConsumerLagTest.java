package dev.beacon.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConsumerLagTest {

  private static final String GROUP = "consumer-fetch-manager-metrics";

  private final Map<MetricName, Metric> metrics = new HashMap<>();
  private final MockConsumer<byte[], byte[]> consumer =
      new MockConsumer<>("earliest") {
        @Override
        public synchronized Map<MetricName, ? extends Metric> metrics() {
          return metrics;
        }
      };

  @Test
  @DisplayName(
      "the gauge sums the per-partition records-lag and ignores the client-wide maximum and NaN")
  void sumsPerPartitionLag() {
    put("records-lag", Map.of("topic", "beacon.gps", "partition", "0"), 40.0);
    put("records-lag", Map.of("topic", "beacon.gps", "partition", "1"), 2.0);
    put("records-lag", Map.of("topic", "beacon.gps", "partition", "2"), Double.NaN);
    put("records-lag-max", Map.of(), 40.0);
    put("records-lag", Map.of("client-id", "c"), 99.0);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    ConsumerLag.register(registry, "beacon_test_consumer_lag_records", "gps", consumer);

    assertThat(
            registry.get("beacon_test_consumer_lag_records").tag("consumer", "gps").gauge().value())
        .isEqualTo(42.0);
  }

  @Test
  @DisplayName("no lag before the first fetch, and close removes the gauge")
  void zeroThenRemoved() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ConsumerLag lag =
        ConsumerLag.register(registry, "beacon_test_consumer_lag_records", "gps", consumer);
    assertThat(registry.get("beacon_test_consumer_lag_records").gauge().value()).isZero();

    lag.close();

    assertThat(registry.find("beacon_test_consumer_lag_records").gauge()).isNull();
  }

  private void put(String name, Map<String, String> tags, double value) {
    MetricName metricName = new MetricName(name, GROUP, "", tags);
    metrics.put(
        metricName,
        new Metric() {
          @Override
          public MetricName metricName() {
            return metricName;
          }

          @Override
          public Object metricValue() {
            return value;
          }
        });
  }
}
