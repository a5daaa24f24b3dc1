package dev.beacon.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar beacon.jar ...} as a real child process, its output kept in a log file for
 * failures.
 */
public final class BeaconProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * Given to every child JVM before its own options (which may override them): C1, the quick
   * compiler, only. A process of a test lives seconds to minutes and serves a few thousand
   * messages; C2's compilations would cost it more CPU than they save, CPU taken from the test's
   * other processes on a 2-core machine. Measured at load average 21-25: a broker ready in 12-13 s
   * instead of 25-27 s, a gateway in 12-13 s instead of 20-25 s, half the CPU
   * (docs/architecture.md, "Test suite time"). A test that measures throughput gives {@code
   * -XX:TieredStopAtLevel=4}.
   */
  static final List<String> CHILD_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

  private final Process process;
  private final Path log;

  private BeaconProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  public static Path jar() {
    String jar = System.getProperty("beacon.jar", "../distribution/target/beacon.jar");
    Path path = Path.of(jar);
    if (!Files.exists(path)) {
      throw new IllegalStateException(
          path + " is missing: run the tests with 'mvn verify' so the jar is packaged first");
    }
    return path;
  }

  public static BeaconProcess start(Path log, Map<String, String> env, String... args) {
    return startWithJvmOptions(log, env, List.of("-Xmx512m"), args);
  }

  /** As {@link #start} with the given JVM options instead of the default heap limit. */
  public static BeaconProcess startWithJvmOptions(
      Path log, Map<String, String> env, List<String> jvmOptions, String... args) {
    List<String> javaArgs = new ArrayList<>(jvmOptions);
    javaArgs.addAll(List.of("-jar", jar().toString()));
    javaArgs.addAll(List.of(args));
    return startJava(log, env, List.of(), javaArgs);
  }

  /**
   * {@code java javaArgs...} run through {@code wrapper} (e.g. {@code unshare ...}; empty for
   * none), with the Beacon environment of {@link #start}. The wrapper must exec java so the PID
   * stays the JVM's.
   */
  public static BeaconProcess startJava(
      Path log, Map<String, String> env, List<String> wrapper, List<String> javaArgs) {
    List<String> command = new ArrayList<>(wrapper);
    command.add(javaBinary());
    command.addAll(CHILD_JVM_OPTIONS);
    command.addAll(ClassArchive.options());
    command.addAll(javaArgs);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("BEACON_"));
    // A broadcaster serves /metrics on a fixed port by default; tests run side by side, so theirs
    // picks a free one.
    builder.environment().put("BEACON_BROADCASTER_HTTP_PORT", "0");
    // So do the tracker listeners that 'local' turns on (5055 and 1883 by default).
    builder.environment().put("BEACON_TRACKER_HTTP_PORT", "0");
    builder.environment().put("BEACON_MQTT_PORT", "0");
    // The suites' devices are the seed's anonymous CSV trackers: gateways they start let them write
    // any id unless the
    // test says otherwise (BEACON_DEVICE_AUTH=authenticated, as DeviceIdentityIT does).
    builder.environment().put("BEACON_DEVICE_AUTH", "open");
    builder.environment().putAll(env);
    try {
      return new BeaconProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /** Polls {@code url} until it answers 200, failing early (with the log) if the process dies. */
  public BeaconProcess awaitHttpOk(String url, Duration deadline) {
    Await.until(
        url + " to answer 200 (log " + log + ")",
        deadline,
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError(
                "process exited with " + process.exitValue() + ":\n" + output());
          }
          return status(url) == 200;
        });
    return this;
  }

  public static int status(String url) {
    return status(url, null);
  }

  /**
   * The status of a GET with {@code Authorization: Bearer <token>} (none when null); -1 when
   * unreachable.
   */
  public static int status(String url, String bearerToken) {
    try {
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2));
      if (bearerToken != null) {
        builder.header("Authorization", "Bearer " + bearerToken);
      }
      HttpRequest request = builder.build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook runs, as when a machine loses power or the OOM killer strikes. */
  public void kill() {
    process.destroyForcibly();
    waitFor();
  }

  /** SIGTERM: the process stops gracefully. Returns its exit code. */
  public int terminate() {
    process.destroy();
    return waitFor();
  }

  /** Waits for a process that ends by itself, such as {@code simulate}. Returns its exit code. */
  public int waitForExit() {
    return waitFor();
  }

  private int waitFor() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "process " + process.pid() + " did not stop within 60 s:\n" + output());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * Writes every thread's stack of this process next to its log ({@code <log>.threads-<label>.txt})
   * while it runs; a no-op once it has exited. For tests that want to know where a process stood
   * when something did not happen.
   */
  public void dumpThreads(String label) {
    if (!process.isAlive()) {
      return;
    }
    Path to = log.resolveSibling(log.getFileName() + ".threads-" + label + ".txt");
    try {
      Files.writeString(to, JvmHeap.threadDump(process.pid()));
    } catch (IOException | AssertionError e) {
      // Diagnostics only: the failure being diagnosed is what the test reports.
    }
  }

  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      waitFor();
    }
  }

  public static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
