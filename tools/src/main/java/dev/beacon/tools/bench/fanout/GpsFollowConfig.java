package dev.beacon.tools.bench.fanout;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One live-GPS run: {@code devices} device connections on the device endpoint ({@code /ws} of each
 * gateway) sending {@code fixesPerSecond} CSV fixes each, {@code allFollowers} chat connections
 * subscribed to {@code gps:*} and {@code deviceFollowers} subscribed to {@code gps:<id>} of one
 * device each, all spread round-robin over {@code urls}.
 *
 * @param urls the gateways' {@code /chat} URLs; devices use {@code /ws} on the same host and port
 */
public record GpsFollowConfig(
    List<URI> urls,
    int devices,
    int fixesPerSecond,
    int allFollowers,
    int deviceFollowers,
    Duration duration,
    Duration warmup,
    Duration drain) {

  /** The device endpoint's path on a gateway. */
  static final String DEVICE_PATH = "/ws";

  /** Device ids are this prefix and the device's index. */
  static final String DEVICE_PREFIX = "b";

  public GpsFollowConfig {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException(
          "at least one gateway url is needed; pass --url ws://host:port/chat");
    }
    if (devices < 1 || fixesPerSecond < 1) {
      throw new IllegalArgumentException(
          "--devices and --fixes-per-second must be at least 1, got "
              + devices
              + " and "
              + fixesPerSecond);
    }
    if (allFollowers < 0 || deviceFollowers < 0 || allFollowers + deviceFollowers < 1) {
      throw new IllegalArgumentException(
          "need at least one follower: --all-followers and --device-followers are "
              + allFollowers
              + " and "
              + deviceFollowers);
    }
    if (duration.isZero() || duration.isNegative() || warmup.isNegative() || drain.isNegative()) {
      throw new IllegalArgumentException(
          "duration must be positive, warm-up and drain not negative");
    }
    if ((long) devices * fixesPerDevice(fixesPerSecond, duration, warmup) > 50_000_000L) {
      throw new IllegalArgumentException(
          "a run of "
              + devices
              + " devices would send more than 50 million fixes; "
              + "shorten --duration or lower --devices");
    }
  }

  private static int fixesPerDevice(int fixesPerSecond, Duration duration, Duration warmup) {
    return (int) Math.max(1, fixesPerSecond * (duration.toMillis() + warmup.toMillis()) / 1000);
  }

  /** Fixes each device sends over the whole run, warm-up included. */
  public int fixesPerDevice() {
    return fixesPerDevice(fixesPerSecond, duration, warmup);
  }

  public long intervalNanos() {
    return 1_000_000_000L / fixesPerSecond;
  }

  public int followers() {
    return allFollowers + deviceFollowers;
  }

  static String deviceId(int device) {
    return DEVICE_PREFIX + device;
  }

  /** The device that single-device follower {@code j} follows: spread evenly over the devices. */
  int followedDevice(int j) {
    return deviceFollowers <= devices ? (int) ((long) j * devices / deviceFollowers) : j % devices;
  }

  URI chatUrl(int connection) {
    return urls.get(connection % urls.size());
  }

  /** {@code /ws} on the host and port of the gateway that connection {@code device} goes to. */
  URI deviceUrl(int device) {
    URI chat = chatUrl(device);
    return URI.create(chat.getScheme() + "://" + chat.getRawAuthority() + DEVICE_PATH);
  }
}
