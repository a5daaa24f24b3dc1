package dev.beacon.tools.bench.fanout;

import java.util.Locale;

/**
 * The one line every run ends with, which scripts and tests look for: complete or not, missing,
 * duplicates.
 */
public final class Verdict {

  /** Starts every verdict line. */
  public static final String PREFIX = "  verdict: ";

  private Verdict() {}

  static String line(boolean complete, long missing, long duplicates) {
    return String.format(
        Locale.ROOT,
        "%s%s (missing %d, duplicates %d)",
        PREFIX,
        complete ? "COMPLETE" : "INCOMPLETE",
        missing,
        duplicates);
  }
}
