package dev.beacon.tools.bench;

import dev.beacon.runtime.metrics.BeaconMetrics;
import dev.beacon.runtime.timing.Hop;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-hop latency of messages on their way to rooms, read from the {@value Hop#METRIC}
 * histograms of the servers: a snapshot of the buckets before a run and one after, and percentiles
 * of the difference. The buckets come from this process's registry (the in-process stack) or from
 * the {@code /metrics} of server processes, summed. Percentiles are interpolated within a bucket,
 * so they are as precise as the bucket bounds (0.1 ms to 5 s).
 */
public final class HopLatencies {

  private static final Pattern BUCKET =
      Pattern.compile(
          "^"
              + Hop.METRIC
              + "_bucket\\{(?:[^}]*,)?hop=\"([a-z_]+)\"(?:,[^}]*)?,le=\"([^\"]+)\"[^}]*} ([0-9.eE+]+)$");
  private static final Pattern BUCKET_LE_FIRST =
      Pattern.compile(
          "^"
              + Hop.METRIC
              + "_bucket\\{(?:[^}]*,)?le=\"([^\"]+)\",(?:[^}]*,)?hop=\"([a-z_]+)\"[^}]*} ([0-9.eE+]+)$");

  /** Cumulative bucket counts per hop, by upper bound in seconds. */
  public record Snapshot(Map<String, TreeMap<Double, Double>> buckets) {}

  private final List<URI> metricsUrls;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  /**
   * @param metricsUrls server {@code /metrics} URLs; empty reads this process's registry
   */
  public HopLatencies(List<URI> metricsUrls) {
    this.metricsUrls = List.copyOf(metricsUrls);
  }

  public Snapshot snapshot() {
    Map<String, TreeMap<Double, Double>> sum = new TreeMap<>();
    for (String text : scrapes()) {
      parse(text, sum);
    }
    return new Snapshot(sum);
  }

  private List<String> scrapes() {
    if (metricsUrls.isEmpty()) {
      return List.of(BeaconMetrics.scrape());
    }
    List<String> texts = new ArrayList<>();
    for (URI url : metricsUrls) {
      try {
        texts.add(
            http.send(
                    HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
      } catch (IOException e) {
        System.out.printf("  (per-hop figures: cannot read %s: %s)%n", url, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return texts;
      }
    }
    return texts;
  }

  static void parse(String text, Map<String, TreeMap<Double, Double>> into) {
    for (String line : text.split("\n")) {
      if (!line.startsWith(Hop.METRIC + "_bucket")) {
        continue;
      }
      Matcher m = BUCKET.matcher(line);
      String hop;
      String le;
      if (m.matches()) {
        hop = m.group(1);
        le = m.group(2);
      } else {
        m = BUCKET_LE_FIRST.matcher(line);
        if (!m.matches()) {
          continue;
        }
        le = m.group(1);
        hop = m.group(2);
      }
      double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
      into.computeIfAbsent(hop, h -> new TreeMap<>())
          .merge(bound, Double.parseDouble(m.group(3)), Double::sum);
    }
  }

  /**
   * The figures of the hops between two snapshots, as a Markdown table in the order of the path.
   */
  public static String table(Snapshot before, Snapshot after) {
    StringBuilder out =
        new StringBuilder(
            "| hop | what it covers | count | p50 ms | p99 ms |\n|---|---|---:|---:|---:|\n");
    for (Hop hop : Hop.values()) {
      TreeMap<Double, Double> delta =
          delta(before.buckets().get(hop.label()), after.buckets().get(hop.label()));
      double count = delta.isEmpty() ? 0 : delta.lastEntry().getValue();
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %,d | %s | %s |%n",
              hop.label(),
              hop.description(),
              (long) count,
              format(quantile(delta, 0.50)),
              format(quantile(delta, 0.99))));
    }
    return out.toString();
  }

  static TreeMap<Double, Double> delta(
      TreeMap<Double, Double> before, TreeMap<Double, Double> after) {
    TreeMap<Double, Double> delta = new TreeMap<>();
    if (after == null) {
      return delta;
    }
    after.forEach(
        (le, n) -> delta.put(le, n - (before == null ? 0 : before.getOrDefault(le, 0.0))));
    return delta;
  }

  /** The q-quantile in milliseconds, linear within its bucket; NaN without observations. */
  static double quantile(TreeMap<Double, Double> cumulative, double q) {
    if (cumulative.isEmpty() || cumulative.lastEntry().getValue() <= 0) {
      return Double.NaN;
    }
    double rank = q * cumulative.lastEntry().getValue();
    double lowerBound = 0;
    double lowerCount = 0;
    for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
      if (bucket.getValue() >= rank) {
        if (bucket.getKey().isInfinite()) {
          return lowerBound * 1000;
        }
        double inBucket = bucket.getValue() - lowerCount;
        double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
        return (lowerBound + (bucket.getKey() - lowerBound) * fraction) * 1000;
      }
      lowerBound = bucket.getKey();
      lowerCount = bucket.getValue();
    }
    return lowerBound * 1000;
  }

  private static String format(double millis) {
    if (Double.isNaN(millis)) {
      return "-";
    }
    return millis < 10
        ? String.format(Locale.ROOT, "%.2f", millis)
        : String.format(Locale.ROOT, "%.1f", millis);
  }
}
