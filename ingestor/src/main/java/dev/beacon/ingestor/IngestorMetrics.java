package dev.beacon.ingestor;

import dev.beacon.runtime.metrics.ConsumerLag;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * The ingestor's Prometheus series (names and meanings in {@code docs/operations.md}): the size and
 * commit time of every SQLite batch as histograms, its {@link IngestorStats} counters, and the lag
 * of its {@code beacon.gps} consumer. {@link #close()} removes them, so an ingestor restarted in
 * the same JVM reports afresh.
 */
final class IngestorMetrics implements AutoCloseable {

  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();
  private final DistributionSummary batchSize;
  private final Timer commitTime;
  private final ConsumerLag lag;

  IngestorMetrics(MeterRegistry registry, Consumer<?, ?> consumer, IngestorStats stats) {
    this.registry = registry;
    this.batchSize =
        register(
            DistributionSummary.builder("beacon_ingestor_batch_size_rows")
                .description("Fixes per SQLite transaction")
                .baseUnit("rows")
                .serviceLevelObjectives(1, 10, 50, 100, 250, 500, 1000, 2000, 5000, 10000, 50000)
                .register(registry));
    this.commitTime =
        register(
            Timer.builder("beacon_ingestor_commit_seconds")
                .description(
                    "From the start of a batch's SQLite transaction to its Kafka offset commit")
                .serviceLevelObjectives(
                    ms(1), ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(500), ms(1000),
                    ms(2500), ms(5000), ms(10000))
                .register(registry));
    counter(
        "beacon_ingestor_rows_inserted_total",
        "Fixes stored (new rows)",
        stats,
        IngestorStats::rowsInserted);
    counter(
        "beacon_ingestor_duplicates_ignored_total",
        "Fixes already stored, ignored on replay",
        stats,
        IngestorStats::duplicatesIgnored);
    counter(
        "beacon_ingestor_conflicts_total",
        "Fixes refused because their (device, device ts) was already stored"
            + " with other coordinates; listed by GET /api/conflicts",
        stats,
        IngestorStats::conflicts);
    counter(
        "beacon_ingestor_write_failures_total",
        "Failed SQLite batch writes (retried)",
        stats,
        IngestorStats::writeFailures);
    counter(
        "beacon_ingestor_fixes_pruned_total",
        "Fixes deleted from SQLite because they were older than BEACON_RETENTION",
        stats,
        IngestorStats::fixesPruned);
    register(
        Gauge.builder("beacon_ingestor_store_failing", stats, IngestorStats::storeFailing)
            .description(
                "1 while SQLite refuses writes (disk full, read-only): offsets are not committed, fixes wait in"
                    + " Kafka")
            .register(registry));
    this.lag =
        ConsumerLag.register(registry, "beacon_ingestor_consumer_lag_records", "gps", consumer);
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  private <M extends Meter> M register(M meter) {
    meters.add(meter);
    return meter;
  }

  private void counter(
      String name, String description, IngestorStats stats, ToDoubleFunction<IngestorStats> value) {
    register(
        FunctionCounter.builder(name, stats, value).description(description).register(registry));
  }

  /**
   * One batch written to SQLite and committed to Kafka, {@code nanos} after its transaction began.
   */
  void batchCommitted(int rows, long nanos) {
    batchSize.record(rows);
    commitTime.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void close() {
    meters.forEach(registry::remove);
    lag.close();
  }
}
