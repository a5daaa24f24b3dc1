package dev.beacon.tools.sim;

import dev.beacon.tools.bench.LatencySummary;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a {@link DeviceSimulator} run.
 *
 * @param devices devices simulated
 * @param sent fixes sent
 * @param ok {@code OK} replies
 * @param errorsByCode {@code ERR} replies by code, plus client-side {@code reply_timeout}s
 * @param connectFailures devices that could not connect
 * @param dropped connections the gateway closed while a device still had fixes to send
 * @param dropsByCloseCode dropped connections by WebSocket close code
 * @param missedSlots rate mode: scheduled fixes skipped because a device was still waiting for a
 *     reply
 * @param deadlineHit true when the hard deadline ended the run before every device was done
 * @param elapsed wall-clock time of the run
 * @param latency time from sending a fix to its {@code OK}
 */
public record SimulationResult(
    int devices,
    long sent,
    long ok,
    Map<String, Long> errorsByCode,
    long connectFailures,
    long dropped,
    Map<String, Long> dropsByCloseCode,
    long missedSlots,
    boolean deadlineHit,
    Duration elapsed,
    LatencySummary latency) {

  public long errors() {
    return errorsByCode.values().stream().mapToLong(Long::longValue).sum();
  }

  /** OK replies per second over the whole run. */
  public double okPerSecond() {
    return elapsed.isZero() ? 0 : ok * 1e9 / elapsed.toNanos();
  }

  public String summary() {
    return String.format(
        Locale.ROOT,
        """
        Simulation of %d devices %s after %.1f s
          sent %d, OK %d, ERR %d%s
          connection failures %d, dropped %d%s%s
          %.0f OK/s, latency %s""",
        devices,
        deadlineHit ? "stopped at the deadline" : "finished",
        elapsed.toMillis() / 1000.0,
        sent,
        ok,
        errors(),
        errorsByCode.isEmpty() ? "" : " " + errorsByCode,
        connectFailures,
        dropped,
        dropsByCloseCode.isEmpty() ? "" : " (close codes " + dropsByCloseCode + ")",
        missedSlots == 0
            ? ""
            : ", " + missedSlots + " scheduled fixes skipped by devices behind schedule",
        okPerSecond(),
        latency.describe());
  }
}
