package dev.beacon.tools.bench.conditions;

import java.util.Locale;

/**
 * When a machine is too busy for its benchmark figures to mean anything: its 1-minute load average
 * above {@code maxLoadPerCpu} times its CPU count. Figures taken at load averages of 14-55 on 2
 * CPUs were noise (issue 23); on the same cores idle, the same jar gave a twentieth of the latency.
 *
 * @param maxLoadPerCpu the highest 1-minute load average per CPU still called idle
 */
public record IdleRule(double maxLoadPerCpu) {

  /** 0.75 per CPU: a load average of 1.5 on 2 CPUs, where the peers' figures were taken. */
  public static final double DEFAULT_MAX_LOAD_PER_CPU = 0.75;

  public IdleRule {
    if (!(maxLoadPerCpu > 0)) {
      throw new IllegalArgumentException(
          "--max-load must be a load average per CPU above 0, e.g. 0.75, got " + maxLoadPerCpu);
    }
  }

  public double threshold(int cpus) {
    return maxLoadPerCpu * cpus;
  }

  public boolean busy(MachineConditions conditions) {
    return conditions.load().one() > threshold(conditions.cpus());
  }

  /** Why {@code conditions} is busy, e.g. {@code load average 5.20 over 1.50 (0.75 x 2 CPUs)}. */
  public String reason(MachineConditions conditions) {
    return String.format(
        Locale.ROOT,
        "1-minute load average %.2f over %.2f (%.2f x %d CPUs)",
        conditions.load().one(),
        threshold(conditions.cpus()),
        maxLoadPerCpu,
        conditions.cpus());
  }
}
