package dev.beacon.tools.bench.fanout;

import java.util.Locale;
import java.util.OptionalInt;

/**
 * The stepping of {@code --saturate}: start at {@code startRate} messages/s and multiply by {@code
 * factor} after each step, until a step goes wrong (anything missing or twice, p99 above {@code
 * maxP99Ms}), deliveries/s stop rising (less than {@value #MIN_GAIN} above the best so far), or
 * {@code maxSteps} steps have run. The saturation throughput is the best deliveries/s of a step
 * that went right. Pure: {@link FanoutLoad} runs the steps, this decides.
 */
public final class SaturationSearch {

  /** A step must deliver this fraction more than the best so far to count as still rising. */
  static final double MIN_GAIN = 0.05;

  /** What one step measured. */
  public record Step(
      int rate, double deliveriesPerSecond, double p99Ms, long missing, long duplicates) {}

  private final double factor;
  private final int maxSteps;
  private final double maxP99Ms;
  private int nextRate;
  private int steps;
  private Step best;
  private String stopReason;

  public SaturationSearch(int startRate, double factor, int maxSteps, double maxP99Ms) {
    if (startRate < 1) {
      throw new IllegalArgumentException(
          "--saturate-start must be at least 1 message/s, got " + startRate);
    }
    if (!(factor > 1.0) || factor > 10) {
      throw new IllegalArgumentException(
          "--saturate-factor must be above 1 (e.g. 1.5) and at most 10, got " + factor);
    }
    if (maxSteps < 1 || maxSteps > 50) {
      throw new IllegalArgumentException("--saturate-steps must be 1-50, got " + maxSteps);
    }
    if (!(maxP99Ms > 0)) {
      throw new IllegalArgumentException(
          "--saturate-max-p99 must be positive, got " + maxP99Ms + " ms");
    }
    this.factor = factor;
    this.maxSteps = maxSteps;
    this.maxP99Ms = maxP99Ms;
    this.nextRate = startRate;
  }

  /** The rate of the next step, or empty when the search is over. */
  public OptionalInt nextRate() {
    return stopReason == null ? OptionalInt.of(nextRate) : OptionalInt.empty();
  }

  /** Takes a step's outcome and decides whether to go on. */
  public void record(Step step) {
    steps++;
    if (step.missing() > 0 || step.duplicates() > 0) {
      stop(
          String.format(
              Locale.ROOT,
              "%,d msgs/s lost %,d and duplicated %,d deliveries",
              step.rate(),
              step.missing(),
              step.duplicates()));
      return;
    }
    if (step.p99Ms() > maxP99Ms) {
      stop(
          String.format(
              Locale.ROOT,
              "%,d msgs/s had p99 %.1f ms, above the bound of %.1f ms",
              step.rate(),
              step.p99Ms(),
              maxP99Ms));
      return;
    }
    if (best != null && step.deliveriesPerSecond() < best.deliveriesPerSecond() * (1 + MIN_GAIN)) {
      stop(
          String.format(
              Locale.ROOT,
              "deliveries/s stopped rising: %,.0f at %,d msgs/s after %,.0f at %,d msgs/s",
              step.deliveriesPerSecond(),
              step.rate(),
              best.deliveriesPerSecond(),
              best.rate()));
      if (step.deliveriesPerSecond() > best.deliveriesPerSecond()) {
        best = step;
      }
      return;
    }
    best = step;
    if (steps >= maxSteps) {
      stop("reached the last of " + maxSteps + " steps (raise --saturate-steps to go further)");
      return;
    }
    nextRate = Math.max(step.rate() + 1, (int) Math.ceil(step.rate() * factor));
  }

  private void stop(String reason) {
    stopReason = reason;
  }

  /** The best step that lost nothing and held the p99 bound, or null if none did. */
  public Step best() {
    return best;
  }

  public String stopReason() {
    return stopReason;
  }

  public String describe() {
    if (best == null) {
      return "saturation: no step passed (" + stopReason + ")";
    }
    return String.format(
        Locale.ROOT,
        "saturation: %,.0f deliveries/s at %,d msgs/s (p99 %.1f ms, missing 0, "
            + "duplicates 0); stopped because %s",
        best.deliveriesPerSecond(),
        best.rate(),
        best.p99Ms(),
        stopReason);
  }
}
