package dev.beacon.tools.bench.fanout;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When the last member of a message's room received it: per message, the send stamp, how many
 * members have it and the latest first-receipt time. A message's <em>complete time</em> is that
 * latest receipt minus the send stamp, the time until everyone in the room has it (the figure of a
 * big broadcast). Safe from any thread.
 *
 * <p>Messages are numbered {@code seq * publishers + publisher}, so the arrays are sized once from
 * the run's quota.
 */
final class MessageCompletion {

  private final int publishers;
  private final AtomicLongArray stamps;
  private final AtomicLongArray lastReceipt;
  private final AtomicIntegerArray receipts;

  MessageCompletion(int publishers, long maxSeqPerPublisher) {
    this.publishers = publishers;
    long size = (maxSeqPerPublisher + 1) * publishers;
    if (size > Integer.MAX_VALUE / 2) {
      throw new IllegalArgumentException(
          "too many messages in one run (" + size + "); shorten the run or lower the rate");
    }
    stamps = new AtomicLongArray((int) size);
    lastReceipt = new AtomicLongArray((int) size);
    receipts = new AtomicIntegerArray((int) size);
  }

  private int index(int publisher, long seq) {
    return (int) (seq * publishers + publisher);
  }

  void sent(int publisher, long seq, long stampNanos) {
    stamps.set(index(publisher, seq), stampNanos);
  }

  /** A member's first receipt of the message at {@code nowNanos}. */
  void received(int publisher, long seq, long nowNanos) {
    int i = index(publisher, seq);
    if (i < 0 || i >= receipts.length()) {
      return;
    }
    receipts.incrementAndGet(i);
    lastReceipt.accumulateAndGet(i, nowNanos, Math::max);
  }

  /**
   * Complete times of the messages stamped in {@code [fromNanos, toNanos)} that all {@code members}
   * received, and how many such messages some member never received.
   */
  Summary summarize(int members, long fromNanos, long toNanos) {
    long[] times = new long[receipts.length()];
    int complete = 0;
    int incomplete = 0;
    for (int i = 0; i < receipts.length(); i++) {
      long stamp = stamps.get(i);
      if (stamp == 0 || stamp < fromNanos || stamp >= toNanos) {
        continue;
      }
      if (receipts.get(i) >= members) {
        times[complete++] = lastReceipt.get(i) - stamp;
      } else {
        incomplete++;
      }
    }
    return Summary.of(Arrays.copyOf(times, complete), incomplete);
  }

  /** Complete-time percentiles in milliseconds over the messages every member received. */
  record Summary(int messages, int incompleteMessages, double p50Ms, double p99Ms, double maxMs) {

    static Summary of(long[] nanos, int incomplete) {
      if (nanos.length == 0) {
        return new Summary(0, incomplete, 0, 0, 0);
      }
      Arrays.sort(nanos);
      return new Summary(
          nanos.length,
          incomplete,
          at(nanos, 0.50),
          at(nanos, 0.99),
          nanos[nanos.length - 1] / 1e6);
    }

    private static double at(long[] sorted, double q) {
      int rank = (int) Math.ceil(q * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
    }

    String describe() {
      if (messages == 0) {
        return "no message of the measured window reached every member"
            + (incompleteMessages > 0 ? " (" + incompleteMessages + " reached only some)" : "");
      }
      return String.format(
          Locale.ROOT,
          "complete (last member has it) p50 %.2f ms, p99 %.2f ms, max %.2f ms over %,d "
              + "messages%s",
          p50Ms,
          p99Ms,
          maxMs,
          messages,
          incompleteMessages > 0
              ? "; " + incompleteMessages + " messages never reached every member"
              : "");
    }
  }
}
