package dev.beacon.tools.sim;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The fixes of one simulated device: it starts at a random point anywhere on Earth (uniform over
 * the sphere, so southern, western and |lon| >= 100 positions all occur) and wanders a few tens of
 * metres per fix. Timestamps are epoch milliseconds, strictly increasing per device: the gateway
 * treats a repeated (device, timestamp) pair as the same fix.
 */
final class DeviceTrack {

  /** Largest move per fix, in degrees (about 55 m of latitude). */
  private static final double MAX_STEP_DEGREES = 0.0005;

  private final String deviceId;
  private final SplittableRandom random;
  private double latitude;
  private double longitude;
  private long lastTimestamp;

  DeviceTrack(String deviceId, SplittableRandom random) {
    this.deviceId = deviceId;
    this.random = random;
    this.latitude = Math.toDegrees(Math.asin(random.nextDouble(-1, 1)));
    this.longitude = random.nextDouble(-180, 180);
  }

  String deviceId() {
    return deviceId;
  }

  /** The CSV line {@code deviceId,epochMillis,lat,lon} of the device's next fix. */
  String nextLine(long nowMillis) {
    lastTimestamp = Math.max(nowMillis, lastTimestamp + 1);
    move();
    return String.format(
        Locale.ROOT, "%s,%d,%.7f,%.7f", deviceId, lastTimestamp, latitude, longitude);
  }

  private void move() {
    latitude =
        Math.max(
            -90, Math.min(90, latitude + random.nextDouble(-MAX_STEP_DEGREES, MAX_STEP_DEGREES)));
    longitude += random.nextDouble(-MAX_STEP_DEGREES, MAX_STEP_DEGREES);
    if (longitude >= 180) {
      longitude -= 360;
    } else if (longitude < -180) {
      longitude += 360;
    }
  }
}
