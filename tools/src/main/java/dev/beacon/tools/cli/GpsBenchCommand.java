package dev.beacon.tools.cli;

import dev.beacon.broadcaster.BroadcasterConfig;
import dev.beacon.embedded.LocalStack;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.gateway.GatewayConfig;
import dev.beacon.gateway.trackers.TrackerConfig;
import dev.beacon.ingestor.Ingestor;
import dev.beacon.ingestor.IngestorConfig;
import dev.beacon.runtime.devices.DeviceAuthMode;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.server.Blocking;
import dev.beacon.server.cli.DurationConverter;
import dev.beacon.tools.bench.GpsLoad;
import dev.beacon.tools.bench.GpsLoadConfig;
import dev.beacon.tools.bench.GpsLoadPath;
import dev.beacon.tools.bench.GpsLoadResult;
import dev.beacon.tools.bench.HttpStatsRowCounter;
import dev.beacon.tools.bench.RowCountResult;
import dev.beacon.tools.bench.RowCountWatcher;
import dev.beacon.tools.bench.charts.ResultFiles;
import dev.beacon.tools.bench.conditions.BenchConditions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code beacon bench gps}: N connections, each with a window of fixes in flight, against a
 * gateway, over {@code /ws}, the tracker HTTP port or MQTT ({@code --path}). Reports acked fixes/s,
 * ack latency percentiles, and end-to-end rows/s into SQLite, one table for all paths.
 */
@Command(
    name = "gps",
    mixinStandardHelpOptions = true,
    description = {
      "GPS ingest benchmark: acked fixes/s, ack latency p50/p99/p999, end-to-end rows/s into SQLite.",
      "Without --url it starts its own embedded broker, gateway and ingestor in this JVM, in a temporary "
          + "directory that is deleted afterwards (everything on one machine).",
      "Runs one max-throughput run per --devices value, then a paced latency run at --latency-rate, "
          + "for each --path in turn, and prints one table of all of them."
    })
public final class GpsBenchCommand implements Callable<Integer> {

  @Mixin BenchConditionsOptions conditionsOptions;

  @Option(
      names = "--out",
      description =
          "Directory for each run's ack latency percentiles (<run>.<system>.hgrm, HdrHistogram's "
              + "percentile output) and chart (<run>.svg) (default: bench-results/<UTC date>-gps).")
  Path out;

  private BenchConditions conditions;
  private ResultFiles files;

  @Option(
      names = "--url",
      description = "Gateway to load, e.g. ws://127.0.0.1:8080/ws (default: an in-process stack).")
  URI url;

  @Option(
      names = {"--path", "--paths"},
      defaultValue = "ws",
      split = ",",
      converter = PathConverter.class,
      description =
          "How fixes reach the gateway, one or more in turn: ws (CSV frames on /ws, acked OK), http "
              + "(OsmAnd requests on the tracker HTTP port, keep-alive without pipelining, acked 200), "
              + "mqtt (QoS 1 publishes to beacon/gps/<id>, acked PUBACK) (default ${DEFAULT-VALUE}).")
  List<GpsLoadPath> paths;

  @Option(
      names = "--tracker-url",
      description =
          "Tracker HTTP port for --path http with --url (default: --url's host, port "
              + TrackerConfig.DEFAULT_HTTP_PORT
              + ").")
  URI trackerUrl;

  @Option(
      names = "--mqtt-url",
      description =
          "MQTT listener for --path mqtt with --url (default: mqtt://<--url's host>:"
              + TrackerConfig.DEFAULT_MQTT_PORT
              + ").")
  URI mqttUrl;

  @Option(
      names = "--key",
      defaultValue = "${env:BEACON_DEVICE_KEY:-}",
      description =
          "Device key to present with --url (ws and http: ?key=, mqtt: the CONNECT password), for a "
              + "gateway with BEACON_DEVICE_AUTH=authenticated; "
              + "it must hold every benchmark device id, e.g. a key for '*' (env BEACON_DEVICE_KEY).")
  String key;

  @Option(
      names = "--stats-url",
      description =
          "Ingestor stats for end-to-end rows/s with --url, e.g. "
              + "http://127.0.0.1:8081/api/stats (default: none with --url).")
  URI statsUrl;

  @Option(
      names = "--connections",
      defaultValue = "100",
      description =
          "Connections per run: WebSockets, HTTP keep-alive connections or MQTT clients "
              + "(default ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = "--window",
      defaultValue = "32",
      description =
          "Fixes in flight per connection; http always has 1, as it does not pipeline "
              + "(default ${DEFAULT-VALUE}).")
  int window;

  @Option(
      names = "--fixes",
      defaultValue = "2000000",
      description = "Fixes per max-throughput run (default ${DEFAULT-VALUE}).")
  long fixes;

  @Option(
      names = "--devices",
      defaultValue = "1000,10000",
      split = ",",
      description = "Distinct interleaved devices; one run per value (default ${DEFAULT-VALUE}).")
  List<Integer> devices;

  @Option(
      names = "--max-duration",
      defaultValue = "90s",
      converter = DurationConverter.class,
      description = "Upper bound of each run (default ${DEFAULT-VALUE}).")
  Duration maxDuration;

  @Option(
      names = "--warmup",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description =
          "Time excluded from the figures at the start of each run (default ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(
      names = "--jit-warmup-fixes",
      defaultValue = "1000000",
      description =
          "Fixes of an unreported first run that lets the JIT compile the hot paths; 0 skips it "
              + "(default ${DEFAULT-VALUE}).")
  long jitWarmupFixes;

  @Option(
      names = "--latency-rate",
      defaultValue = "20000",
      description =
          "Fixed rate in fixes/s of the latency run; 0 skips it (default ${DEFAULT-VALUE}).")
  int latencyRate;

  @Option(
      names = "--latency-duration",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Length of the latency run, warm-up included (default ${DEFAULT-VALUE}).")
  Duration latencyDuration;

  @Option(
      names = "--partitions",
      defaultValue = "6",
      description = "beacon.gps partitions of the in-process stack (default ${DEFAULT-VALUE}).")
  int partitions;

  @Override
  public Integer call() throws IOException {
    conditions = conditionsOptions.start(System.out);
    files =
        new ResultFiles(
            out != null ? out : ResultFiles.defaultDir("gps"),
            url != null ? "beacon " + url.getHost() + " " + url.getPort() : "beacon in-process",
            System.out);
    int exit = runTargets();
    conditions.finish(System.out);
    return exit;
  }

  private int runTargets() throws IOException {
    if (url != null) {
      return runAll(
          remoteTargets(), statsUrl == null ? null : new HttpStatsRowCounter(statsUrl, "rows"));
    }
    Path dir = Files.createTempDirectory("beacon-bench");
    try (LocalStack stack = startStack(dir)) {
      TrackerConfig trackers = stack.gateway().trackers();
      Map<GpsLoadPath, URI> targets = new LinkedHashMap<>();
      for (GpsLoadPath path : paths) {
        targets.put(
            path,
            URI.create(
                switch (path) {
                  case WS -> "ws://127.0.0.1:" + stack.gateway().port() + "/ws";
                  case HTTP -> "http://127.0.0.1:" + trackers.httpPort() + "/";
                  case MQTT -> "mqtt://127.0.0.1:" + trackers.mqttPort();
                }));
      }
      int exit = runAll(targets, () -> stack.ingestor().stats().rowsInserted());
      measureRebuild(stack, dir.resolve("rebuild"));
      return exit;
    } finally {
      deleteRecursively(dir);
    }
  }

  private Map<GpsLoadPath, URI> remoteTargets() {
    Map<GpsLoadPath, URI> targets = new LinkedHashMap<>();
    for (GpsLoadPath path : paths) {
      targets.put(
          path,
          switch (path) {
            case WS -> DeviceKeyUrl.of(url, key);
            case HTTP ->
                trackerUrl != null
                    ? trackerUrl
                    : URI.create(
                        "http://" + url.getHost() + ":" + TrackerConfig.DEFAULT_HTTP_PORT + "/");
            case MQTT ->
                mqttUrl != null
                    ? mqttUrl
                    : URI.create("mqtt://" + url.getHost() + ":" + TrackerConfig.DEFAULT_MQTT_PORT);
          });
    }
    return targets;
  }

  private LocalStack startStack(Path dir) {
    System.out.printf(
        "starting an in-process stack in %s (%d cores)%n",
        dir, Runtime.getRuntime().availableProcessors());
    TrackerConfig trackers =
        TrackerConfig.builder()
            .httpEnabled(paths.contains(GpsLoadPath.HTTP))
            .httpPort(0)
            .mqttEnabled(paths.contains(GpsLoadPath.MQTT))
            .mqttPort(0)
            .build();
    return LocalStack.start(
        KafkaBrokerConfig.onFreePorts(dir),
        bootstrap -> KafkaSettings.builder().bootstrap(bootstrap).partitions(partitions).build(),
        GatewayConfig.builder().port(0).deviceAuth(DeviceAuthMode.OPEN).trackers(trackers).build(),
        IngestorConfig.builder().dataDir(dir).apiPort(0).build(),
        BroadcasterConfig.defaults());
  }

  private int runAll(Map<GpsLoadPath, URI> targets, LongSupplier storedRows) {
    List<String> rows = new ArrayList<>();
    targets.forEach((path, target) -> rows.addAll(runPath(path, target, storedRows)));
    System.out.println();
    System.out.println(
        "| path | run | connections | window | devices | target rate | acks/s | p50 ms | p99 ms "
            + "| p999 ms | max ms | errors | rows/s into SQLite |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    rows.forEach(System.out::println);
    String busy = conditions.tableRow();
    if (!busy.isEmpty()) {
      System.out.println(busy);
    }
    return 0;
  }

  private List<String> runPath(GpsLoadPath path, URI target, LongSupplier storedRows) {
    List<String> rows = new ArrayList<>();
    String runId = path.label() + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    RunSettings run =
        new RunSettings(path, target, path == GpsLoadPath.WS || url == null ? null : key);
    if (jitWarmupFixes > 0) {
      runOne(
          path,
          "JIT warm-up (not reported)",
          config(
              run,
              jitWarmupFixes,
              maxDuration,
              devices.get(0),
              null,
              Duration.ZERO,
              "w" + runId + "-"),
          storedRows);
    }
    for (int d : devices) {
      rows.add(
          runOne(
              path,
              "max throughput, " + d + " devices",
              config(run, fixes, maxDuration, d, null, warmup, "b" + runId + "-" + d + "-"),
              storedRows));
    }
    if (latencyRate > 0) {
      int d = devices.get(devices.size() - 1);
      rows.add(
          runOne(
              path,
              "fixed " + latencyRate + " fixes/s, " + d + " devices",
              config(
                  run,
                  GpsLoadConfig.MAX_TOTAL_FIXES,
                  latencyDuration,
                  d,
                  latencyRate,
                  warmup,
                  "l" + runId + "-"),
              storedRows));
    }
    return rows;
  }

  /** What every run of one path shares: where it goes, and the credential it presents. */
  private record RunSettings(GpsLoadPath path, URI target, String credential) {}

  private GpsLoadConfig config(
      RunSettings run,
      long total,
      Duration duration,
      int deviceCount,
      Integer rate,
      Duration runWarmup,
      String prefix) {
    return new GpsLoadConfig(
        run.target(),
        connections,
        window,
        total,
        duration,
        deviceCount,
        rate,
        runWarmup,
        prefix,
        run.path(),
        run.credential());
  }

  private String runOne(
      GpsLoadPath path, String name, GpsLoadConfig config, LongSupplier storedRows) {
    System.out.printf(
        "%n== %s, %s: %d connections x window %d%n",
        path.label(), name, config.connections(), config.effectiveWindow());
    RowCountWatcher watcher = storedRows == null ? null : new RowCountWatcher(storedRows);
    long baseline = watcher == null ? 0 : watcher.currentRows();
    GpsLoadResult result = new GpsLoad(config).run();
    System.out.println(result.summary());
    if (!name.startsWith("JIT")) {
      files.record(
          path.label() + " " + name,
          "bench gps over " + path.label() + ", " + name + ": ack latency by percentile",
          result.latency().micros());
    }
    String e2e = "n/a";
    if (watcher != null && result.acked() > 0) {
      RowCountResult stored =
          watcher.awaitRows(
              baseline, result.acked(), result.firstSendNanos(), Duration.ofMinutes(3));
      System.out.println(stored.summary());
      e2e = String.format("%,.0f", stored.rowsPerSecond());
    }
    return "| " + path.label() + " | " + name + " " + result.markdownRow() + " " + e2e + " |";
  }

  /**
   * Ingest alone, without a load generator or gateway competing for the cores: a second ingestor
   * rebuilds a fresh store from everything the runs put into beacon.gps, as {@code beacon ingestor
   * --rebuild} does.
   */
  private void measureRebuild(LocalStack stack, Path rebuildDir) {
    long total = stack.ingestor().stats().rowsInserted();
    System.out.printf(
        "%n== rebuild: a fresh ingestor consumes the whole topic (%,d fixes) into a new gps.db%n",
        total);
    IngestorConfig config =
        IngestorConfig.builder()
            .dataDir(rebuildDir)
            .apiPort(0)
            .groupId("beacon-bench-rebuild")
            .rebuild(true)
            .build();
    long start = System.nanoTime();
    Ingestor rebuild =
        Blocking.await(
            Ingestor.start(stack.vertx(), config, stack.kafkaSettings()), "start the rebuild");
    try {
      RowCountResult stored =
          new RowCountWatcher(() -> rebuild.stats().rowsInserted())
              .awaitRows(0, total, start, Duration.ofMinutes(5));
      System.out.println(stored.summary());
    } finally {
      Blocking.awaitQuietly(rebuild.close(), "stop the rebuild");
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** {@code ws}, {@code http} or {@code mqtt}, as {@code --path} takes them. */
  static final class PathConverter implements ITypeConverter<GpsLoadPath> {
    @Override
    public GpsLoadPath convert(String value) {
      return GpsLoadPath.parse(value);
    }
  }
}
