package dev.beacon.tools.sim;

import dev.beacon.tools.bench.WebSocketEndpoint;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;

/**
 * What {@link DeviceSimulator} runs. Start from {@link #parity} or {@link #atRate} and change what
 * differs with {@link #toBuilder()}, or build one with {@link #builder()}.
 *
 * @param url gateway WebSocket address, {@code ws://host:port/ws}
 * @param devices simulated devices, one connection each, ids {@code prefix + 1 .. prefix + devices}
 * @param rate null: parity mode (each device waits, connects, sends 1..maxFixesPerDevice fixes,
 *     closes); otherwise the total fixes/s spread over the devices' open connections
 * @param duration rate mode: how long devices keep sending (ignored in parity mode)
 * @param deviceIdPrefix prepended to the device number, "" for plain numbers
 * @param seed makes positions, delays and fix counts repeatable
 * @param progressInterval how often a progress line is printed; null or zero for none
 * @param out where progress lines go; null for none
 * @param minStartDelay parity mode: shortest wait before a device connects (1 s like the original)
 * @param maxStartDelay parity mode: longest wait before a device connects (3 s like the original)
 * @param maxFixesPerDevice parity mode: each device sends between 1 and this many fixes (5 like the
 *     original)
 * @param replyTimeout how long a device waits for its reply before giving up on the connection
 * @param deadline hard limit of the whole run; null for one derived from the settings above
 */
public record SimulatorConfig(
    URI url,
    int devices,
    Integer rate,
    Duration duration,
    String deviceIdPrefix,
    long seed,
    Duration progressInterval,
    PrintStream out,
    Duration minStartDelay,
    Duration maxStartDelay,
    int maxFixesPerDevice,
    Duration replyTimeout,
    Duration deadline) {

  public static final Duration DEFAULT_REPLY_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(1);

  public SimulatorConfig {
    minStartDelay = minStartDelay == null ? Duration.ZERO : minStartDelay;
    maxStartDelay = maxStartDelay == null ? minStartDelay : maxStartDelay;
    replyTimeout = replyTimeout == null ? DEFAULT_REPLY_TIMEOUT : replyTimeout;
    WebSocketEndpoint.requireWebSocketUri(url);
    require(devices >= 1, "devices must be at least 1, got " + devices);
    require(rate == null || rate >= 1, "rate must be at least 1 fix/s, got " + rate);
    require(
        rate == null || isPositive(duration),
        "rate mode needs a positive duration, got " + duration);
    require(
        !minStartDelay.isNegative() && minStartDelay.compareTo(maxStartDelay) <= 0,
        "start delay range must satisfy 0 <= min <= max, got "
            + minStartDelay
            + ".."
            + maxStartDelay);
    require(
        maxFixesPerDevice >= 1, "maxFixesPerDevice must be at least 1, got " + maxFixesPerDevice);
    require(isPositive(replyTimeout), "replyTimeout must be positive, got " + replyTimeout);
    require(deadline == null || isPositive(deadline), "deadline must be positive, got " + deadline);
    deviceIdPrefix = deviceIdPrefix == null ? "" : deviceIdPrefix;
  }

  /**
   * The original simulator: devices wait 1-3 s, connect, send 1-5 fixes waiting for OK after each,
   * close.
   */
  public static SimulatorConfig parity(URI url, int devices) {
    return builder().url(url).devices(devices).build();
  }

  /**
   * {@code devices} connections kept open for {@code duration}, sending {@code rate} fixes/s
   * between them.
   */
  public static SimulatorConfig atRate(URI url, int devices, int rate, Duration duration) {
    return builder()
        .url(url)
        .devices(devices)
        .rate(rate)
        .duration(duration)
        .minStartDelay(Duration.ZERO)
        .maxStartDelay(Duration.ZERO)
        .maxFixesPerDevice(1)
        .build();
  }

  /**
   * A builder holding the original simulator's settings ({@link #parity}) with a seed from the
   * clock and progress lines to {@code System.out} every second; set the URL and the device count,
   * and what differs.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config, to change some of it. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link SimulatorConfig}; {@link #build()} validates it. */
  public static final class Builder {
    private URI url;
    private int devices;
    private Integer rate;
    private Duration duration;
    private String deviceIdPrefix = "";
    private long seed = System.nanoTime();
    private Duration progressInterval = DEFAULT_PROGRESS_INTERVAL;
    private PrintStream out = System.out;
    private Duration minStartDelay = Duration.ofSeconds(1);
    private Duration maxStartDelay = Duration.ofSeconds(3);
    private int maxFixesPerDevice = 5;
    private Duration replyTimeout = DEFAULT_REPLY_TIMEOUT;
    private Duration deadline;

    private Builder() {}

    private Builder(SimulatorConfig c) {
      url = c.url;
      devices = c.devices;
      rate = c.rate;
      duration = c.duration;
      deviceIdPrefix = c.deviceIdPrefix;
      seed = c.seed;
      progressInterval = c.progressInterval;
      out = c.out;
      minStartDelay = c.minStartDelay;
      maxStartDelay = c.maxStartDelay;
      maxFixesPerDevice = c.maxFixesPerDevice;
      replyTimeout = c.replyTimeout;
      deadline = c.deadline;
    }

    public Builder url(URI value) {
      url = value;
      return this;
    }

    public Builder devices(int value) {
      devices = value;
      return this;
    }

    /** Null: parity mode. */
    public Builder rate(Integer value) {
      rate = value;
      return this;
    }

    public Builder duration(Duration value) {
      duration = value;
      return this;
    }

    public Builder deviceIdPrefix(String value) {
      deviceIdPrefix = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder progressInterval(Duration value) {
      progressInterval = value;
      return this;
    }

    /** Where progress lines go; null turns them off. */
    public Builder out(PrintStream value) {
      out = value;
      return this;
    }

    public Builder minStartDelay(Duration value) {
      minStartDelay = value;
      return this;
    }

    public Builder maxStartDelay(Duration value) {
      maxStartDelay = value;
      return this;
    }

    public Builder maxFixesPerDevice(int value) {
      maxFixesPerDevice = value;
      return this;
    }

    public Builder replyTimeout(Duration value) {
      replyTimeout = value;
      return this;
    }

    public Builder deadline(Duration value) {
      deadline = value;
      return this;
    }

    /** Validates the settings; an invalid one throws IllegalArgumentException saying which. */
    public SimulatorConfig build() {
      return new SimulatorConfig(
          url,
          devices,
          rate,
          duration,
          deviceIdPrefix,
          seed,
          progressInterval,
          out,
          minStartDelay,
          maxStartDelay,
          maxFixesPerDevice,
          replyTimeout,
          deadline);
    }
  }

  public boolean rateMode() {
    return rate != null;
  }

  /**
   * The deadline, or one long enough for every device to finish even if each reply comes at the
   * last moment.
   */
  public Duration effectiveDeadline() {
    if (deadline != null) {
      return deadline;
    }
    Duration connect = WebSocketEndpoint.CONNECT_TIMEOUT;
    return rateMode()
        ? duration.plus(replyTimeout).plus(connect)
        : maxStartDelay.plus(connect).plus(replyTimeout.multipliedBy(maxFixesPerDevice));
  }

  boolean printsProgress() {
    return out != null && isPositive(progressInterval);
  }

  private static boolean isPositive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
