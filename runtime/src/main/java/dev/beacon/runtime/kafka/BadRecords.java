package dev.beacon.runtime.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;

/**
 * A {@link ConsumeLoop}'s policy for a record it cannot process, written once for every loop:
 * counted in {@value #METRIC} (tagged with its topic and the loop's name), logged at warn with its
 * topic-partition@offset (at most one line per {@link #LOG_INTERVAL}, the next one saying how many
 * were not logged), and written to the dead-letter topic. The loop then skips it: its offset is
 * committed like any other, so one bad record never blocks a partition. Used by the loop's thread
 * only.
 */
final class BadRecords {

  /**
   * The one counter of refused records, in every service: {@code
   * beacon_consumer_bad_records_total}.
   */
  static final String METRIC = "beacon_consumer_bad_records";

  static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

  private final String task;
  private final MeterRegistry registry;
  private final DeadLetters deadLetters;
  private final Logger log;
  private final Map<String, Counter> counters = new HashMap<>();
  private long lastLogNanos;
  private boolean logged;
  private long notLogged;

  BadRecords(String task, MeterRegistry registry, DeadLetters deadLetters, Logger log) {
    this.task = task;
    this.registry = registry;
    this.deadLetters = deadLetters;
    this.log = log;
  }

  void refuse(ConsumerRecord<byte[], byte[]> record, String reason) {
    counters
        .computeIfAbsent(
            record.topic(),
            topic ->
                Counter.builder(METRIC)
                    .description(
                        "Records a consume loop could not process, skipped and written to the dead-letter topic")
                    .tag("topic", topic)
                    .tag("task", task)
                    .register(registry))
        .increment();
    logRateLimited(record, reason);
    deadLetters.send(record, task, reason);
  }

  private void logRateLimited(ConsumerRecord<byte[], byte[]> record, String reason) {
    long now = System.nanoTime();
    if (logged && now - lastLogNanos < LOG_INTERVAL.toNanos()) {
      notLogged++;
      return;
    }
    String more =
        notLogged == 0 ? "" : " (and " + notLogged + " more not logged since the last line)";
    log.warn(
        "{} skipped a malformed record {}-{}@{}: {}; counted in {}_total and sent to the dead-letter topic{}",
        task,
        record.topic(),
        record.partition(),
        record.offset(),
        reason,
        METRIC,
        more);
    logged = true;
    lastLogNanos = now;
    notLogged = 0;
  }
}
