package dev.beacon.tools.bench.connections;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's live objects by class ({@code jcmd <pid> GC.class_histogram}, which runs a full GC
 * first), and the difference between two of them: where the memory of N connections went.
 */
record ClassHistogram(Map<String, long[]> byClass) {

  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

  static ClassHistogram of(long pid) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Map<String, long[]> rows = new HashMap<>();
    try {
      Process process =
          new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.class_histogram")
              .redirectErrorStream(true)
              .start();
      for (String line :
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        Matcher m = ROW.matcher(line);
        if (m.find()) {
          rows.merge(
              m.group(3),
              new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
              (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        }
      }
      process.waitFor(60, TimeUnit.SECONDS);
    } catch (IOException e) {
      return new ClassHistogram(Map.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new ClassHistogram(rows);
  }

  /**
   * The {@code top} classes that grew most from {@code before}, per connection, as markdown table
   * rows.
   */
  List<String> growthPerConnection(ClassHistogram before, long connections, int top) {
    return byClass.entrySet().stream()
        .map(
            e -> {
              long[] was = before.byClass.getOrDefault(e.getKey(), new long[2]);
              return Map.entry(
                  e.getKey(), new long[] {e.getValue()[0] - was[0], e.getValue()[1] - was[1]});
            })
        .sorted(
            Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed())
        .limit(top)
        .map(
            e ->
                String.format(
                    Locale.ROOT,
                    "| %s | %.2f | %.0f |",
                    e.getKey(),
                    e.getValue()[0] / (double) connections,
                    e.getValue()[1] / (double) connections))
        .toList();
  }
}
