package dev.beacon.tools.bench.conditions;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What a benchmark figure depends on besides the code: when it was taken, how busy the machine was,
 * on how many CPUs, and which build.
 *
 * @param commit the git commit the jar was built from ({@code unknown} outside a Maven build)
 */
public record MachineConditions(Instant at, LoadAverage load, int cpus, String commit) {

  /** Now, from {@code /proc/loadavg} and the CPUs this JVM may use. */
  public static MachineConditions now(String commit) {
    return new MachineConditions(
        Instant.now().truncatedTo(ChronoUnit.SECONDS),
        LoadAverage.read(LoadAverage.PROC_LOADAVG),
        Runtime.getRuntime().availableProcessors(),
        commit);
  }

  /**
   * {@code conditions at start: 2026-12-07T05:30:00Z, load average 0.52 / 0.58 / 0.59 (1 / 5 / 15
   * min) on 2 CPUs, commit f3496ea7c8}.
   */
  public String describe(String when) {
    return "conditions at "
        + when
        + ": "
        + at
        + ", load average "
        + load.describe()
        + " (1 / 5 / 15 min) on "
        + cpus
        + (cpus == 1 ? " CPU" : " CPUs")
        + ", commit "
        + commit;
  }
}
