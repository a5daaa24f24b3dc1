package dev.beacon.runtime.timing;

import java.time.Clock;
import java.time.Instant;

/**
 * Wall-clock time in microseconds since the epoch, the unit of the stamps in {@link TimingHeaders}.
 */
public final class HopClock {

  private static final Clock CLOCK = Clock.systemUTC();

  private HopClock() {}

  public static long nowMicros() {
    Instant now = CLOCK.instant();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
