package dev.beacon.tools.bench.charts;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Where a benchmark's pictures go: per run and system {@code <run>.<system>.hgrm}, and per run
 * {@code <run>.svg} with the curve of every system whose {@code .hgrm} is in the directory, so that
 * runs of Beacon and the peers into the same {@code --out} draw one chart side by side.
 */
public final class ResultFiles {

  private final Path dir;
  private final String system;
  private final PrintStream out;

  /**
   * @param system names this process's target (Beacon, a peer) in the file names and legends
   */
  public ResultFiles(Path dir, String system, PrintStream out) {
    this.dir = dir;
    this.system = slug(system);
    this.out = out;
  }

  /** {@code ./bench-results/<UTC date>-<scenario>}, the default of {@code --out}. */
  public static Path defaultDir(String scenario) {
    return Path.of("bench-results", LocalDate.now(ZoneOffset.UTC) + "-" + slug(scenario));
  }

  /**
   * Writes this system's distribution of {@code run} and redraws {@code run}'s chart; prints both
   * paths.
   */
  public void record(String run, String title, Histogram micros) {
    String name = slug(run);
    try {
      Files.createDirectories(dir);
      Path hgrm = dir.resolve(name + "." + system + ".hgrm");
      PercentileFile.write(micros, hgrm);
      List<PercentileCurve> curves = new ArrayList<>();
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, name + ".*.hgrm")) {
        for (Path file : files) {
          String fileName = file.getFileName().toString();
          String other =
              fileName.substring(name.length() + 1, fileName.length() - ".hgrm".length());
          curves.add(PercentileFile.read(other, file));
        }
      }
      curves.sort((a, b) -> a.system().compareTo(b.system()));
      Path svg = dir.resolve(name + ".svg");
      Files.writeString(svg, PercentileChart.svg(title, curves), StandardCharsets.UTF_8);
      out.println("  percentiles: " + hgrm.toAbsolutePath());
      out.println("  chart (" + curves.size() + " system(s)): " + svg.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the benchmark files into " + dir + " (choose another with --out)", e);
    }
  }

  /** Lower case letters, digits and dashes: {@code Node ws + Redis} -> {@code node-ws-redis}. */
  static String slug(String text) {
    String slug =
        text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return slug.isEmpty() ? "run" : slug;
  }
}
