package dev.beacon.runtime.kafka;

import java.time.Duration;

/**
 * How long the topics that are read back keep their records.
 *
 * @param gps {@code beacon.gps} ({@code BEACON_GPS_RETENTION}, default {@link #DEFAULT_GPS}): how
 *     far back {@code ingestor --rebuild} can rebuild the store
 * @param deliveries {@code beacon.deliveries} ({@code BEACON_DELIVERIES_RETENTION}, default {@link
 *     #DEFAULT_DELIVERIES}): the window in which a client's {@code since} can recover
 */
public record TopicRetention(Duration gps, Duration deliveries) {

  public static final Duration DEFAULT_GPS = Duration.ofDays(7);
  public static final Duration DEFAULT_DELIVERIES = Duration.ofHours(24);

  public TopicRetention {
    if (gps == null || gps.compareTo(Duration.ofHours(1)) < 0) {
      throw new IllegalArgumentException(
          "BEACON_GPS_RETENTION must be at least 1h, got "
              + gps
              + "; it bounds what the ingestor can rebuild, so give days (7d is the default)");
    }
    if (deliveries == null || deliveries.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException(
          "BEACON_DELIVERIES_RETENTION must be at least 1m, got "
              + deliveries
              + "; it is how long a reconnecting client can recover what it missed");
    }
  }

  public static TopicRetention defaults() {
    return new TopicRetention(DEFAULT_GPS, DEFAULT_DELIVERIES);
  }
}
