package dev.beacon.tools.bench.fanout;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Counters shared by the connections of both event loops; latency is recorded in microseconds. */
final class FanoutStats {

  final LongAdder sent = new LongAdder();

  /** Distinct deliveries (first arrival of a message at a subscriber), whole run. */
  final LongAdder distinct = new LongAdder();

  final LongAdder duplicates = new LongAdder();

  /** Messages a subscriber received for a room it is not in. */
  final LongAdder strays = new LongAdder();

  /** Deliveries (duplicates included) received inside the measured window. */
  final LongAdder measuredDeliveries = new LongAdder();

  final LongAdder errors = new LongAdder();
  final LongAdder connectFailures = new LongAdder();
  final AtomicReference<String> firstError = new AtomicReference<>();
  final AtomicLong maxSendLagNanos = new AtomicLong();
  private final Map<String, LongAdder> closesByCode = new ConcurrentHashMap<>();
  private final Recorder latencyMicros = new Recorder(3);

  void recordLatency(long nanos) {
    latencyMicros.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos)));
  }

  Histogram takeLatency() {
    return latencyMicros.getIntervalHistogram();
  }

  void error(String text) {
    errors.increment();
    firstError.compareAndSet(null, text.length() > 300 ? text.substring(0, 300) : text);
  }

  void closedByPeer(Short code) {
    closesByCode
        .computeIfAbsent(code == null ? "no close frame" : code.toString(), c -> new LongAdder())
        .increment();
  }

  Map<String, Long> closes() {
    Map<String, Long> copy = new TreeMap<>();
    closesByCode.forEach((k, v) -> copy.put(k, v.sum()));
    return copy;
  }

  void sendLag(long nanos) {
    maxSendLagNanos.accumulateAndGet(nanos, Math::max);
  }
}
