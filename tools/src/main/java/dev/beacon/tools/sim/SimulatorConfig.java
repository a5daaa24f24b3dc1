package dev.beacon.tools.sim;

import dev.beacon.tools.bench.WebSocketEndpoint;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;

/**
 * What {@link DeviceSimulator} runs. Build it with {@link #parity} or {@link #atRate} and adjust
 * with the {@code with...} methods.
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
    return new SimulatorConfig(
        url,
        devices,
        null,
        null,
        "",
        System.nanoTime(),
        DEFAULT_PROGRESS_INTERVAL,
        System.out,
        Duration.ofSeconds(1),
        Duration.ofSeconds(3),
        5,
        DEFAULT_REPLY_TIMEOUT,
        null);
  }

  /**
   * {@code devices} connections kept open for {@code duration}, sending {@code rate} fixes/s
   * between them.
   */
  public static SimulatorConfig atRate(URI url, int devices, int rate, Duration duration) {
    return new SimulatorConfig(
        url,
        devices,
        rate,
        duration,
        "",
        System.nanoTime(),
        DEFAULT_PROGRESS_INTERVAL,
        System.out,
        Duration.ZERO,
        Duration.ZERO,
        1,
        DEFAULT_REPLY_TIMEOUT,
        null);
  }

  public SimulatorConfig withDeviceIdPrefix(String prefix) {
    return new SimulatorConfig(
        url,
        devices,
        rate,
        duration,
        prefix,
        seed,
        progressInterval,
        out,
        minStartDelay,
        maxStartDelay,
        maxFixesPerDevice,
        replyTimeout,
        deadline);
  }

  public SimulatorConfig withSeed(long newSeed) {
    return new SimulatorConfig(
        url,
        devices,
        rate,
        duration,
        deviceIdPrefix,
        newSeed,
        progressInterval,
        out,
        minStartDelay,
        maxStartDelay,
        maxFixesPerDevice,
        replyTimeout,
        deadline);
  }

  /** Progress lines to {@code stream} every {@code interval}; a null stream turns them off. */
  public SimulatorConfig withProgress(PrintStream stream, Duration interval) {
    return new SimulatorConfig(
        url,
        devices,
        rate,
        duration,
        deviceIdPrefix,
        seed,
        interval,
        stream,
        minStartDelay,
        maxStartDelay,
        maxFixesPerDevice,
        replyTimeout,
        deadline);
  }

  public SimulatorConfig withStartDelay(Duration min, Duration max) {
    return new SimulatorConfig(
        url,
        devices,
        rate,
        duration,
        deviceIdPrefix,
        seed,
        progressInterval,
        out,
        min,
        max,
        maxFixesPerDevice,
        replyTimeout,
        deadline);
  }

  public SimulatorConfig withReplyTimeout(Duration timeout) {
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
        timeout,
        deadline);
  }

  public SimulatorConfig withDeadline(Duration hardLimit) {
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
        hardLimit);
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
