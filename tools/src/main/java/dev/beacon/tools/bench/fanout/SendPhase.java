package dev.beacon.tools.bench.fanout;

import dev.beacon.tools.bench.BlockingWait;
import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * The send phase of a fan-out load, as the load's own thread sees it: the senders start a moment
 * after it is made, the measured window opens after the warm-up and closes after the duration.
 *
 * @param start when the senders start ({@link System#nanoTime()})
 * @param measureStart when the measured window opens
 * @param end when it closes, and the schedule's last send is due
 */
record SendPhase(long start, long measureStart, long end) {

  private static final long SECOND = 1_000_000_000L;

  static SendPhase after(long startDelayNanos, Duration warmup, Duration duration) {
    long start = System.nanoTime() + startDelayNanos;
    long measureStart = start + warmup.toNanos();
    return new SendPhase(start, measureStart, measureStart + duration.toNanos());
  }

  /**
   * Sleeps until {@link #end}, telling {@code window} when the measured part opens and closes;
   * {@code progress} is called with the time once a second, for a progress line.
   */
  void await(MeasuredWindow window, LongConsumer progress) {
    boolean opened = false;
    long nextTick = System.nanoTime() + SECOND;
    while (System.nanoTime() < end) {
      if (!opened && System.nanoTime() >= measureStart) {
        window.opened();
        opened = true;
      }
      long wake = opened ? nextTick : Math.min(nextTick, measureStart);
      BlockingWait.sleepNanos(Math.min(wake, end) - System.nanoTime());
      long now = System.nanoTime();
      if (now >= nextTick) {
        progress.accept(now);
        nextTick = now + SECOND;
      }
    }
    if (!opened) {
      window.opened();
    }
    window.closed();
  }
}
