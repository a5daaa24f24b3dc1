package dev.beacon.tools.bench.fanout;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The fixes of a live-GPS run and when each was sent, to correlate a follower's {@code gps} message
 * with its fix. The relayed message carries the device id and the device's timestamp, not a stamp
 * of ours, so each device sends timestamps {@code baseSeconds + k} for its fix {@code k}: unique
 * per device, and a {@code (device_id, ts)} pair names one fix. Safe from any thread.
 */
final class FixLog {

  private final int devices;
  private final int fixesPerDevice;
  private final long baseSeconds;
  private final AtomicLongArray sentNanos;
  private final AtomicIntegerArray acked;

  /**
   * @param baseSeconds the timestamp of every device's first fix; later ones follow a second apart
   */
  FixLog(int devices, int fixesPerDevice, long baseSeconds) {
    this.devices = devices;
    this.fixesPerDevice = fixesPerDevice;
    this.baseSeconds = baseSeconds;
    this.sentNanos = new AtomicLongArray(devices * fixesPerDevice);
    this.acked = new AtomicIntegerArray(devices * fixesPerDevice);
  }

  int size() {
    return sentNanos.length();
  }

  int fixesPerDevice() {
    return fixesPerDevice;
  }

  /** The timestamp (epoch seconds) of fix {@code k} of any device. */
  long tsOf(int k) {
    return baseSeconds + k;
  }

  int index(int device, int k) {
    return device * fixesPerDevice + k;
  }

  void sent(int device, int k, long nanos) {
    sentNanos.set(index(device, k), nanos);
  }

  void acked(int device, int k) {
    acked.set(index(device, k), 1);
  }

  long sentNanos(int index) {
    return sentNanos.get(index);
  }

  boolean isAcked(int index) {
    return acked.get(index) == 1;
  }

  /**
   * The fix a relayed message names, or -1 when it is none of this run's: {@code deviceId} as sent
   * ({@code b<index>}) and {@code ts} as the server echoes it (epoch milliseconds, or seconds from
   * a server that keeps them).
   */
  int indexOf(String deviceId, long ts) {
    if (deviceId == null || ts < 0 || !deviceId.startsWith(GpsFollowConfig.DEVICE_PREFIX)) {
      return -1;
    }
    int device;
    try {
      device =
          Integer.parseInt(deviceId, GpsFollowConfig.DEVICE_PREFIX.length(), deviceId.length(), 10);
    } catch (NumberFormatException e) {
      return -1;
    }
    long seconds = ts >= 100_000_000_000L ? ts / 1000 : ts;
    long k = seconds - baseSeconds;
    if (device < 0 || device >= devices || k < 0 || k >= fixesPerDevice) {
      return -1;
    }
    return index(device, (int) k);
  }
}
