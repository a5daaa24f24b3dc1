package dev.beacon.tools.bench.charts;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * A {@code .hgrm} file: HdrHistogram's percentile distribution of one run ({@code
 * outputPercentileDistribution}, values in milliseconds), the text HdrHistogram's plotter reads.
 */
public final class PercentileFile {

  /** Lines per halving of the distance to 100 %, as HdrHistogram's own tools write them. */
  static final int TICKS_PER_HALF_DISTANCE = 5;

  private PercentileFile() {}

  /** Writes {@code micros} (a histogram of microseconds) to {@code file}, in milliseconds. */
  public static void write(Histogram micros, Path file) {
    try (PrintStream out =
        new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
      micros.outputPercentileDistribution(out, TICKS_PER_HALF_DISTANCE, 1000.0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the percentile file " + file, e);
    }
  }

  /**
   * The curve of a {@code .hgrm} file: its {@code Value Percentile TotalCount 1/(1-Percentile)}
   * rows.
   */
  public static PercentileCurve read(String system, Path file) {
    try {
      return parse(system, Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the percentile file " + file, e);
    }
  }

  static PercentileCurve parse(String system, List<String> lines) {
    List<PercentileCurve.Point> points = new ArrayList<>();
    for (String line : lines) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length < 3 || line.startsWith("#") || !Character.isDigit(fields[0].charAt(0))) {
        continue;
      }
      try {
        points.add(
            new PercentileCurve.Point(
                Double.parseDouble(fields[1]) * 100, Double.parseDouble(fields[0])));
      } catch (NumberFormatException e) {
        // a header line
      }
    }
    return new PercentileCurve(system, points);
  }
}
