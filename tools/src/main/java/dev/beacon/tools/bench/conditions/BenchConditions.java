package dev.beacon.tools.bench.conditions;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * The conditions of one benchmark run: printed when it starts and ends, and a loud warning in its
 * result tables when the machine was busy at either end (see {@link IdleRule}).
 */
public final class BenchConditions {

  private final IdleRule rule;
  private final Supplier<MachineConditions> reader;
  private final MachineConditions start;

  private BenchConditions(IdleRule rule, Supplier<MachineConditions> reader) {
    this.rule = rule;
    this.reader = reader;
    this.start = reader.get();
  }

  /**
   * Reads and prints the conditions at the start.
   *
   * @param requireIdle refuse to run on a busy machine
   * @throws IllegalStateException when {@code requireIdle} and the machine is busy
   */
  public static BenchConditions start(
      IdleRule rule, boolean requireIdle, Supplier<MachineConditions> reader, PrintStream out) {
    BenchConditions conditions = new BenchConditions(rule, reader);
    out.println(conditions.start.describe("start"));
    if (conditions.busy()) {
      if (requireIdle) {
        throw new IllegalStateException(
            "the machine is busy ("
                + rule.reason(conditions.start)
                + "), and --require-idle refuses to measure on it: stop what loads it "
                + "(uptime, top) and run again, or raise --max-load");
      }
      out.println(warning(rule.reason(conditions.start) + " at the start"));
    }
    return conditions;
  }

  public MachineConditions atStart() {
    return start;
  }

  public boolean busy() {
    return rule.busy(start);
  }

  /**
   * A row for a result table, read now: empty when the machine was idle at the start and is now,
   * else the warning that the table's figures are noise.
   */
  public String tableRow() {
    String reason = busyReason(reader.get());
    return reason == null ? "" : "| " + warning(reason) + " |";
  }

  /** Prints the conditions at the end, and the warning when the machine was busy. */
  public void finish(PrintStream out) {
    MachineConditions end = reader.get();
    out.println(end.describe("end"));
    String reason = busyReason(end);
    if (reason != null) {
      out.println(warning(reason));
    }
  }

  private String busyReason(MachineConditions end) {
    if (rule.busy(start)) {
      return rule.reason(start) + " at the start";
    }
    return rule.busy(end) ? rule.reason(end) + " at the end" : null;
  }

  static String warning(String reason) {
    return "!!! BUSY MACHINE: "
        + reason
        + ". These figures are NOT comparable; take them on an idle machine (--require-idle) !!!";
  }
}
