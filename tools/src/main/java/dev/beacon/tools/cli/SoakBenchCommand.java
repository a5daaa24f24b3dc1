package dev.beacon.tools.cli;

import dev.beacon.server.cli.DurationConverter;
import dev.beacon.tools.bench.conditions.BenchConditions;
import dev.beacon.tools.bench.soak.SoakConfig;
import dev.beacon.tools.bench.soak.SoakResult;
import dev.beacon.tools.bench.soak.SoakRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code beacon bench soak}: mixed traffic for a set time; does anything grow, is anything lost.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = {
      "Soak: starts an embedded broker in this JVM and a gateway, the broadcaster and the ingestor as "
          + "child processes of this jar, then runs mixed traffic (devices, chat rooms with followers, connection "
          + "churn, slow readers that get closed with 4010) for --duration. Every --interval it prints each process's "
          + "heap after a full GC, native memory, file descriptors and threads, and the Kafka lag of the ingestor and "
          + "broadcaster groups. At the end: growth judged (last two intervals against the first two after "
          + "--warmup), every acknowledged fix in SQLite once, no chat message lost or duplicated. Exit 1 on FAIL."
    })
public final class SoakBenchCommand implements Callable<Integer> {

  @Mixin BenchConditionsOptions conditionsOptions;

  @Option(
      names = "--duration",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description = "How long to run (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--interval",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Sampling interval (default ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(
      names = "--warmup",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "Samples before this are not judged (default ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(
      names = "--devices",
      defaultValue = "20",
      description = "Device connections (default ${DEFAULT-VALUE}).")
  int devices;

  @Option(
      names = "--rooms",
      defaultValue = "5",
      description = "Chat rooms (default ${DEFAULT-VALUE}).")
  int rooms;

  @Option(
      names = "--followers",
      defaultValue = "20",
      description = "Followers per room (default ${DEFAULT-VALUE}).")
  int followers;

  @Option(
      names = "--churn",
      defaultValue = "10",
      description =
          "Connections opened (and closed 2 s later) per second" + " (default ${DEFAULT-VALUE}).")
  int churn;

  @Option(
      names = "--slow-readers",
      defaultValue = "3",
      description = "Connections that never read (default ${DEFAULT-VALUE}).")
  int slowReaders;

  @Override
  public Integer call() throws Exception {
    BenchConditions conditions = conditionsOptions.start(System.out);
    int exit = runBench(conditions);
    conditions.finish(System.out);
    return exit;
  }

  private int runBench(BenchConditions conditions) throws Exception {
    SoakConfig config =
        new SoakConfig(duration, interval, warmup, devices, rooms, followers, churn, slowReaders);
    Path dir = Files.createTempDirectory("beacon-bench-soak");
    try {
      SoakResult result = new SoakRun(config, System.out, dir).run();
      System.out.println(result.summary());
      String busy = conditions.tableRow();
      if (!busy.isEmpty()) {
        System.out.println(busy);
      }
      return result.passed() ? 0 : 1;
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
