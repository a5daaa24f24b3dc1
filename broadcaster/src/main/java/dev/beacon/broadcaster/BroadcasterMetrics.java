package dev.beacon.broadcaster;

import dev.beacon.runtime.metrics.ConsumerLag;
import dev.beacon.runtime.timing.Hop;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * The broadcaster's Prometheus series (names and meanings in {@code docs/operations.md}): its
 * {@link BroadcasterStats} counters and the lag of its two consumers, {@code beacon.messages} (tag
 * {@code consumer="messages"}) and the live GPS relay's {@code beacon.gps} ({@code
 * consumer="gps"}). {@link #close()} removes them, so a broadcaster restarted in the same JVM
 * reports afresh.
 */
final class BroadcasterMetrics implements AutoCloseable {

  static final String LAG = "beacon_broadcaster_consumer_lag_records";

  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();
  private final List<ConsumerLag> lags = new ArrayList<>();

  BroadcasterMetrics(
      MeterRegistry registry, BroadcasterStats stats, Consumer<?, ?> messages, Consumer<?, ?> gps) {
    Hop.registerAll();
    this.registry = registry;
    counter(
        "beacon_broadcaster_messages_routed_total",
        "beacon.messages records routed in committed transactions",
        stats,
        BroadcasterStats::messagesRouted);
    counter(
        "beacon_broadcaster_deliveries_produced_total",
        "beacon.deliveries records produced for messages",
        stats,
        BroadcasterStats::deliveriesProduced);
    counter(
        "beacon_broadcaster_transactions_committed_total",
        "Kafka transactions committed",
        stats,
        BroadcasterStats::transactionsCommitted);
    counter(
        "beacon_broadcaster_transactions_aborted_total",
        "Kafka transactions aborted (messages re-read)",
        stats,
        BroadcasterStats::transactionsAborted);
    counter(
        "beacon_broadcaster_gps_fixes_relayed_total",
        "Live fixes relayed to their followers",
        stats,
        BroadcasterStats::gpsFixesRelayed);
    counter(
        "beacon_broadcaster_presence_records_total",
        "beacon.presence records applied",
        stats,
        BroadcasterStats::presenceRecords);
    lags.add(ConsumerLag.register(registry, LAG, "messages", messages));
    lags.add(ConsumerLag.register(registry, LAG, "gps", gps));
  }

  private void counter(
      String name,
      String description,
      BroadcasterStats stats,
      ToDoubleFunction<BroadcasterStats> value) {
    meters.add(
        FunctionCounter.builder(name, stats, value).description(description).register(registry));
  }

  @Override
  public void close() {
    meters.forEach(registry::remove);
    lags.forEach(ConsumerLag::close);
  }
}
