package dev.beacon.common.presence;

import dev.beacon.common.protocol.PresenceRecord;
import java.time.Duration;

/**
 * How often a gateway heartbeats on {@code beacon.presence} ({@code BEACON_PRESENCE_PERIOD}). Only
 * gateways set it: each heartbeat carries it, so readers need no setting of their own.
 */
public final class HeartbeatPeriod {

  public static final Duration DEFAULT = Duration.ofMillis(PresenceRecord.DEFAULT_PERIOD_MILLIS);
  public static final Duration MIN = Duration.ofMillis(100);
  public static final Duration MAX = Duration.ofMinutes(10);

  private HeartbeatPeriod() {}

  /**
   * {@code period} when it lies within [{@link #MIN}, {@link #MAX}].
   *
   * @param knob the setting it came from, named in the error
   * @throws IllegalArgumentException naming the knob and the allowed range otherwise
   */
  public static Duration check(Duration period, String knob) {
    if (period == null || period.compareTo(MIN) < 0 || period.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(
          "presence heartbeat period "
              + (period == null ? "(none)" : period.toMillis() + " ms")
              + " must be between "
              + MIN.toMillis()
              + " ms and "
              + MAX.toMinutes()
              + " min; set "
              + knob
              + " (default "
              + DEFAULT.toSeconds()
              + "s)");
    }
    return period;
  }
}
