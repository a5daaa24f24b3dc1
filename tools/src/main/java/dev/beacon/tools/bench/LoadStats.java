package dev.beacon.tools.bench;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counters of one load run, shared by the connections of all event loops: fixes sent, {@code OK}
 * and {@code ERR <code>: <message>} replies, connect failures, connections the gateway closed, and
 * the ack latency (recorded in microseconds).
 */
public final class LoadStats {

  /** The code counted when a reply is neither {@code OK} nor an {@code ERR <code>: ...} line. */
  public static final String UNEXPECTED_REPLY = "unexpected_reply";

  private final LongAdder sent = new LongAdder();
  private final LongAdder ok = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder connectFailures = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder missedSlots = new LongAdder();
  private final Map<String, LongAdder> errorsByCode = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> dropsByCloseCode = new ConcurrentHashMap<>();
  private final Recorder latencyMicros = new Recorder(3);
  private final AtomicLong firstSendNanos = new AtomicLong();

  public void fixSent() {
    sent.increment();
  }

  /** Called with each connection's first send; the earliest wins. */
  public void firstSendAt(long nanos) {
    firstSendNanos.accumulateAndGet(
        nanos, (earliest, next) -> earliest == 0 ? next : Math.min(earliest, next));
  }

  /** {@link System#nanoTime()} of the run's first send, or 0 if nothing was sent. */
  public long firstSendNanos() {
    return firstSendNanos.get();
  }

  /** Counts a reply frame without decoding it when it is {@code OK}; returns whether it was. */
  public boolean recordReply(Buffer reply, long latencyNanos) {
    if (reply.length() == 2 && reply.getByte(0) == 'O' && reply.getByte(1) == 'K') {
      recordOk(latencyNanos);
      return true;
    }
    recordError(errorCode(reply.toString(StandardCharsets.UTF_8)));
    return false;
  }

  public boolean recordReply(String reply, long latencyNanos) {
    if ("OK".equals(reply)) {
      recordOk(latencyNanos);
      return true;
    }
    recordError(errorCode(reply));
    return false;
  }

  /**
   * Counts a failure that happened on the client side (a reply timeout, say) under {@code code}.
   */
  public void recordError(String code) {
    errors.increment();
    errorsByCode.computeIfAbsent(code, c -> new LongAdder()).increment();
  }

  public void connectFailed() {
    connectFailures.increment();
  }

  /**
   * A connection that ended before its work was done; {@code closeCode} is null when there was
   * none.
   */
  public void connectionDropped(Short closeCode) {
    dropped.increment();
    String key = closeCode == null ? "no close frame" : closeCode.toString();
    dropsByCloseCode.computeIfAbsent(key, c -> new LongAdder()).increment();
  }

  public void slotsMissed(long count) {
    missedSlots.add(count);
  }

  /**
   * Latencies recorded since the previous call (or since the start), and a fresh interval after it.
   */
  public Histogram takeLatencyInterval() {
    return latencyMicros.getIntervalHistogram();
  }

  public long sent() {
    return sent.sum();
  }

  public long ok() {
    return ok.sum();
  }

  public long errors() {
    return errors.sum();
  }

  public long connectFailures() {
    return connectFailures.sum();
  }

  public long dropped() {
    return dropped.sum();
  }

  public long missedSlots() {
    return missedSlots.sum();
  }

  public Map<String, Long> errorsByCode() {
    return snapshot(errorsByCode);
  }

  public Map<String, Long> dropsByCloseCode() {
    return snapshot(dropsByCloseCode);
  }

  /** {@code ERR bad_format: expected 4 fields} gives {@code bad_format}. */
  static String errorCode(String reply) {
    if (!reply.startsWith("ERR ")) {
      return UNEXPECTED_REPLY;
    }
    int colon = reply.indexOf(':', 4);
    String code = (colon < 0 ? reply.substring(4) : reply.substring(4, colon)).trim();
    return code.isEmpty() ? UNEXPECTED_REPLY : code;
  }

  private void recordOk(long latencyNanos) {
    ok.increment();
    latencyMicros.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(latencyNanos)));
  }

  private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
    Map<String, Long> copy = new TreeMap<>();
    counters.forEach((code, count) -> copy.put(code, count.sum()));
    return copy;
  }
}
