package dev.beacon.tools.bench.conditions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The 1, 5 and 15-minute load averages of the machine, as {@code /proc/loadavg} gives them.
 *
 * @param one runnable (and uninterruptible) tasks averaged over the last minute
 */
public record LoadAverage(double one, double five, double fifteen) {

  public static final Path PROC_LOADAVG = Path.of("/proc/loadavg");

  /** Reads {@code file} (normally {@link #PROC_LOADAVG}). */
  public static LoadAverage read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the load average from " + file + " (a Linux /proc is needed)", e);
    }
  }

  /** {@code 0.52 0.58 0.59 1/467 12345}: the first three fields. */
  public static LoadAverage parse(String text) {
    String[] fields = text.trim().split("\\s+");
    if (fields.length < 3) {
      throw new IllegalArgumentException(
          "a load average line has at least 3 fields (1, 5 and 15 minutes), got '" + text + "'");
    }
    try {
      return new LoadAverage(
          Double.parseDouble(fields[0]),
          Double.parseDouble(fields[1]),
          Double.parseDouble(fields[2]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a load average line: '" + text.trim() + "'", e);
    }
  }

  /** {@code 0.52 / 0.58 / 0.59}. */
  public String describe() {
    return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", one, five, fifteen);
  }
}
