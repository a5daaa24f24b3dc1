package dev.beacon.tools.bench;

import java.net.URI;
import java.time.Duration;

/**
 * What {@link GpsLoad} sends and for how long.
 *
 * @param url the gateway listener of {@code path}: {@code ws://host:port/ws}, {@code
 *     http://host:5055/} or {@code mqtt://host:1883}
 * @param connections connections opened at once
 * @param window fixes in flight (sent, not yet answered) per connection; see {@link
 *     #effectiveWindow()}
 * @param totalFixes the run stops when this many fixes have been answered (warm-up included)
 * @param maxDuration ... or when this much time has passed, whichever comes first (warm-up
 *     included)
 * @param devices distinct device ids, interleaved so that consecutive fixes come from different
 *     devices
 * @param rate null: as fast as the window allows; otherwise a fixed total rate in fixes/s, paced
 *     open-loop so that latency is measured from the intended send time
 * @param warmup time before measuring starts (throughput and latency ignore it)
 * @param deviceIdPrefix prepended to the device number ("" gives ids {@code 1..devices}); a fresh
 *     prefix per run keeps its fixes from coinciding with a previous run's in the store
 * @param path how the fixes reach the gateway; {@code url} is the address of that path's listener
 * @param key the device credential to present (HTTP {@code key=}, MQTT password), or null for none
 *     (a ws {@code url} carries its own {@code ?key=})
 */
public record GpsLoadConfig(
    URI url,
    int connections,
    int window,
    long totalFixes,
    Duration maxDuration,
    int devices,
    Integer rate,
    Duration warmup,
    String deviceIdPrefix,
    GpsLoadPath path,
    String key) {

  /** Large enough for any run on one machine, small enough that sequence numbers never overflow. */
  public static final long MAX_TOTAL_FIXES = 1_000_000_000_000L;

  public GpsLoadConfig {
    path = path == null ? GpsLoadPath.WS : path;
    path.requireTarget(url);
    key = key == null || key.isBlank() ? null : key;
    requirePositive("connections", connections);
    requirePositive("window", window);
    requirePositive("devices", devices);
    if (totalFixes < 1 || totalFixes > MAX_TOTAL_FIXES) {
      throw new IllegalArgumentException(
          "totalFixes must be 1.." + MAX_TOTAL_FIXES + ", got " + totalFixes);
    }
    if (maxDuration == null || maxDuration.isNegative() || maxDuration.isZero()) {
      throw new IllegalArgumentException("maxDuration must be positive, got " + maxDuration);
    }
    if (rate != null) {
      requirePositive("rate", rate);
    }
    warmup = warmup == null ? Duration.ZERO : warmup;
    if (warmup.isNegative() || warmup.compareTo(maxDuration) >= 0) {
      throw new IllegalArgumentException(
          "warmup must be at least 0 and shorter than maxDuration ("
              + maxDuration
              + "), got "
              + warmup);
    }
    deviceIdPrefix = deviceIdPrefix == null ? "" : deviceIdPrefix;
  }

  /** Over {@code /ws}, the credential (if any) in the url. */
  public GpsLoadConfig(
      URI url,
      int connections,
      int window,
      long totalFixes,
      Duration maxDuration,
      int devices,
      Integer rate,
      Duration warmup,
      String deviceIdPrefix) {
    this(
        url,
        connections,
        window,
        totalFixes,
        maxDuration,
        devices,
        rate,
        warmup,
        deviceIdPrefix,
        GpsLoadPath.WS,
        null);
  }

  /** Device ids {@code 1..devices}, no prefix. */
  public GpsLoadConfig(
      URI url,
      int connections,
      int window,
      long totalFixes,
      Duration maxDuration,
      int devices,
      Integer rate,
      Duration warmup) {
    this(url, connections, window, totalFixes, maxDuration, devices, rate, warmup, "");
  }

  /** The fixes in flight per connection: HTTP without pipelining allows one. */
  public int effectiveWindow() {
    return path == GpsLoadPath.HTTP ? 1 : window;
  }

  public boolean paced() {
    return rate != null;
  }

  private static void requirePositive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
  }
}
