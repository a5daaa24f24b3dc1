package dev.beacon.tools.bench.fanout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The load generator as a child JVM ({@code beacon bench fanout --url ...} on this process's own
 * java and classpath), so the server's CPU, heap, GC and open files are not the generator's. Its
 * output is relayed line by line. It dies with this process: destroyed when the run ends, fails,
 * outlives its time bound or this JVM exits, and told this process's pid ({@code --exit-with}) so
 * that it also stops when this one is killed outright.
 */
public final class GeneratorProcess {

  /**
   * The main class of the jar: the child runs the same {@code beacon} command line. Named, not
   * imported: the command is beacon-distribution's, which is built on this module.
   */
  static final String MAIN_CLASS = "dev.beacon.distribution.Beacon";

  /** Options that only the parent uses, or that the parent sets itself for the child. */
  private static final Set<String> PARENT_OPTIONS =
      Set.of("--generator", "--url", "--metrics-url", "--exit-with", "--label", "--out");

  /** Flags (no value) that only the parent uses: the parent alone refuses a busy machine. */
  private static final Set<String> PARENT_FLAGS = Set.of("--require-idle");

  /** How the tables of the child name the in-process stack. */
  static final String LABEL = "Beacon in-process, 2 gateways, generator in a child JVM";

  private GeneratorProcess() {}

  /**
   * The child's command line: java, classpath, main class, the top-level options the user gave
   * (e.g. {@code --log-level}), {@code bench fanout} with the gateways and the user's scenario
   * options.
   *
   * @param originalArgs the whole command line of this process, {@code bench fanout} included
   */
  static List<String> command(
      List<URI> urls, URI metricsUrl, List<String> originalArgs, long parentPid) {
    int bench = benchFanoutIndex(originalArgs);
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), MAIN_CLASS));
    command.addAll(originalArgs.subList(0, bench));
    command.addAll(
        List.of(
            "bench",
            "fanout",
            "--generator",
            "inline",
            "--url",
            urls.stream().map(URI::toString).collect(Collectors.joining(",")),
            "--metrics-url",
            metricsUrl.toString(),
            "--exit-with",
            Long.toString(parentPid),
            "--label",
            LABEL));
    command.addAll(scenarioArgs(originalArgs.subList(bench + 2, originalArgs.size())));
    return command;
  }

  private static int benchFanoutIndex(List<String> args) {
    for (int i = 0; i + 1 < args.size(); i++) {
      if (args.get(i).equals("bench") && args.get(i + 1).equals("fanout")) {
        return i;
      }
    }
    throw new IllegalArgumentException("no 'bench fanout' in the command line " + args);
  }

  /**
   * The options after {@code bench fanout} without those the parent handles ({@code --generator},
   * {@code --url}, ...).
   */
  static List<String> scenarioArgs(List<String> fanoutArgs) {
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < fanoutArgs.size(); i++) {
      String arg = fanoutArgs.get(i);
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      if (PARENT_FLAGS.contains(name)) {
        continue;
      }
      if (PARENT_OPTIONS.contains(name)) {
        if (eq < 0) {
          i++;
        }
        continue;
      }
      kept.add(arg);
    }
    return kept;
  }

  /**
   * Runs the generator for {@code urls} to its end or for at most {@code bound}, relaying its
   * output to {@code out}; returns its exit code (or 124 when it had to be stopped).
   *
   * @param outDir where the child writes the percentile files and charts ({@code --out})
   */
  public static int run(
      List<URI> urls,
      URI metricsUrl,
      List<String> originalArgs,
      Path outDir,
      Duration bound,
      PrintStream out) {
    List<String> command =
        new ArrayList<>(command(urls, metricsUrl, originalArgs, ProcessHandle.current().pid()));
    command.addAll(List.of("--out", outDir.toString()));
    Process child;
    try {
      child = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start the load generator process " + command.get(0), e);
    }
    out.printf(
        "load generator: child process %d (same java and classpath), at most %d s%n",
        child.pid(), bound.toSeconds());
    Thread stopOnExit = new Thread(child::destroyForcibly, "stop-load-generator");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    Thread relay = new Thread(() -> relay(child, out), "load-generator-output");
    relay.setDaemon(true);
    relay.start();
    try {
      if (!child.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        out.printf("load generator still running after %d s: stopping it%n", bound.toSeconds());
        stop(child);
        return 124;
      }
      relay.join(TimeUnit.SECONDS.toMillis(5));
      return child.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(child);
      return 130;
    } finally {
      stop(child);
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway
      }
    }
  }

  private static void relay(Process child, PrintStream out) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        out.println(line);
      }
    } catch (IOException e) {
      // the child is gone; its exit code tells the rest
    }
  }

  private static void stop(Process child) {
    if (!child.isAlive()) {
      return;
    }
    child.destroy();
    try {
      if (!child.waitFor(10, TimeUnit.SECONDS)) {
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      child.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** In the child: halts when the parent process {@code pid} is gone, however it ended. */
  public static void exitWith(long pid) {
    ProcessHandle.of(pid)
        .ifPresentOrElse(
            parent ->
                parent
                    .onExit()
                    .thenRun(
                        () -> {
                          System.err.println(
                              "load generator: parent process " + pid + " is gone, stopping");
                          Runtime.getRuntime().halt(3);
                        }),
            () -> Runtime.getRuntime().halt(3));
  }
}
