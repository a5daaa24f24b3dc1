package dev.beacon.tools.bench.soak;

import java.time.Duration;

/**
 * One soak run: mixed traffic for {@code duration}, sampled every {@code interval}; samples within
 * {@code warmup} are reported but not judged.
 *
 * @param devices device connections, each sending a fix every 100 ms and waiting for its reply
 * @param rooms chat rooms, each with one publisher (a message every 200 ms) and {@code followers}
 * @param followers followers per room
 * @param churnPerSecond connections opened per second that close again after about 2 s
 * @param slowReaders connections in a busy room that stop reading (the gateway closes them with
 *     4010, too much queued, or 4001, no pong to its heartbeat ping, whichever comes first)
 */
public record SoakConfig(
    Duration duration,
    Duration interval,
    Duration warmup,
    int devices,
    int rooms,
    int followers,
    int churnPerSecond,
    int slowReaders) {

  public SoakConfig {
    if (interval.isZero()
        || interval.isNegative()
        || duration.compareTo(interval.multipliedBy(3)) < 0) {
      throw new IllegalArgumentException(
          "the soak needs at least 3 intervals: duration " + duration + ", interval " + interval);
    }
    if (warmup.compareTo(duration.minus(interval.multipliedBy(2))) > 0) {
      throw new IllegalArgumentException(
          "warm-up " + warmup + " leaves fewer than 2 intervals to judge");
    }
  }
}
