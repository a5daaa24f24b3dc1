package dev.beacon.tools.bench;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The CSV line of fix number {@code n} of a load run: {@code deviceId,epochMillis,lat,lon}.
 *
 * <p>Fix {@code n} belongs to device {@code n % devices} and carries timestamp {@code base + n /
 * devices} ms, so consecutive fixes interleave across all devices and no (device, timestamp) pair
 * repeats: the gateway and the store treat a repeated pair as the same fix.
 */
final class FixLineSource {

  /** How far ahead of the clock the last timestamp may go; the gateway rejects 5 minutes ahead. */
  static final long MAX_LEAD_MILLIS = 120_000;

  /**
   * No machine this runs on acks faster than this; bounds the timestamp span of duration-limited
   * runs.
   */
  static final long MAX_FIXES_PER_SECOND = 1_000_000;

  private static final int POSITIONS = 1024;

  private final String deviceIdPrefix;
  private final int devices;
  private final long baseMillis;
  private final String[] positionSuffixes = new String[POSITIONS];
  private final String[] latitudes = new String[POSITIONS];
  private final String[] longitudes = new String[POSITIONS];

  FixLineSource(GpsLoadConfig config, long nowMillis) {
    this.deviceIdPrefix = config.deviceIdPrefix();
    this.devices = config.devices();
    this.baseMillis = baseMillis(config, nowMillis);
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < POSITIONS; i++) {
      latitudes[i] = String.format(Locale.ROOT, "%.7f", random.nextDouble(-60, 70));
      longitudes[i] = String.format(Locale.ROOT, "%.7f", random.nextDouble(-180, 180));
      positionSuffixes[i] = "," + latitudes[i] + "," + longitudes[i];
    }
  }

  /**
   * Starts at the current time, so that a later run never reuses an earlier run's timestamps,
   * unless the run could span more than {@link #MAX_LEAD_MILLIS} per device: then it starts that
   * much in the past.
   */
  static long baseMillis(GpsLoadConfig config, long nowMillis) {
    long possibleFixes =
        Math.min(
            config.totalFixes(),
            Math.max(1, config.maxDuration().toSeconds()) * MAX_FIXES_PER_SECOND);
    long spanMillis = possibleFixes / config.devices() + 1;
    return spanMillis <= MAX_LEAD_MILLIS ? nowMillis : nowMillis + MAX_LEAD_MILLIS - spanMillis;
  }

  /** Appends the line of fix {@code n} to {@code line}, which the caller clears and reuses. */
  void appendLine(StringBuilder line, long n) {
    int device = (int) (n % devices);
    line.append(deviceIdPrefix)
        .append(device + 1)
        .append(',')
        .append(baseMillis + n / devices)
        .append(positionSuffixes[device & (POSITIONS - 1)]);
  }

  String line(long n) {
    StringBuilder line = new StringBuilder(64);
    appendLine(line, n);
    return line.toString();
  }

  /** Appends the device id of fix {@code n}. */
  void appendDeviceId(StringBuilder out, long n) {
    out.append(deviceIdPrefix).append(n % devices + 1);
  }

  /** The timestamp of fix {@code n}, epoch milliseconds. */
  long epochMillis(long n) {
    return baseMillis + n / devices;
  }

  /** The latitude of fix {@code n} as sent, 7 decimals. */
  String latitude(long n) {
    return latitudes[(int) (n % devices) & (POSITIONS - 1)];
  }

  /** The longitude of fix {@code n} as sent, 7 decimals. */
  String longitude(long n) {
    return longitudes[(int) (n % devices) & (POSITIONS - 1)];
  }
}
