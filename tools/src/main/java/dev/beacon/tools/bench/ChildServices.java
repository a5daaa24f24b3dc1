package dev.beacon.tools.bench;

import dev.beacon.embedded.LoopbackPorts;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Beacon services the connections benchmark starts as child processes of its own jar (a broadcaster
 * and N gateways), each with native memory tracking on so their memory can be read from outside.
 * Stopped by their own PIDs on {@link #close()}.
 */
public final class ChildServices implements AutoCloseable {

  private static final Duration READY = Duration.ofMinutes(2);

  private final Path logDir;
  private final String bootstrap;
  private final List<String> jvmOptions;
  private final List<Process> processes = new ArrayList<>();

  public ChildServices(Path logDir, String bootstrap, List<String> jvmOptions) {
    this.logDir = logDir;
    this.bootstrap = bootstrap;
    this.jvmOptions = jvmOptions;
  }

  /** Starts the broadcaster and waits until its log says it routes. */
  public Process broadcaster() throws IOException, InterruptedException {
    Process process = start("broadcaster", Map.of(), "broadcaster");
    Path log = logDir.resolve("broadcaster.log");
    long end = System.nanoTime() + READY.toNanos();
    while (!java.nio.file.Files.readString(log).contains("broadcaster started")) {
      requireAlive(process, log, end);
      Thread.sleep(100);
    }
    return process;
  }

  /** Starts gateway {@code id} on {@code port} and waits until its /ready answers 200. */
  public Process gateway(String id, int port, Map<String, String> extraEnv)
      throws IOException, InterruptedException {
    Map<String, String> env = new java.util.HashMap<>(extraEnv);
    // The benchmark's devices are anonymous, as the seed's trackers: this gateway is the
    // benchmark's own.
    env.putAll(
        Map.of(
            "BEACON_GATEWAY_PORT",
            String.valueOf(port),
            "BEACON_GATEWAY_ID",
            id,
            "BEACON_GATEWAY_HOST",
            "127.0.0.1",
            "BEACON_DEVICE_AUTH",
            "open"));
    Process process = start(id, env, "gateway");
    long end = System.nanoTime() + READY.toNanos();
    while (status("http://127.0.0.1:" + port + "/ready") != 200) {
      requireAlive(process, logDir.resolve(id + ".log"), end);
      Thread.sleep(100);
    }
    return process;
  }

  /**
   * Starts the ingestor on {@code dataDir} with its API on {@code port} and waits until /ready
   * answers 200.
   */
  public Process ingestor(Path dataDir, int port) throws IOException, InterruptedException {
    Process process =
        start(
            "ingestor",
            Map.of(
                "BEACON_DATA_DIR",
                dataDir.toString(),
                "BEACON_INGESTOR_PORT",
                String.valueOf(port),
                "BEACON_INGESTOR_HOST",
                "127.0.0.1"),
            "ingestor");
    long end = System.nanoTime() + READY.toNanos();
    while (status("http://127.0.0.1:" + port + "/ready") != 200) {
      requireAlive(process, logDir.resolve("ingestor.log"), end);
      Thread.sleep(100);
    }
    return process;
  }

  public static int freePort() {
    return LoopbackPorts.next();
  }

  private Process start(String name, Map<String, String> env, String command) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    args.addAll(jvmOptions);
    args.add("-XX:NativeMemoryTracking=summary");
    args.addAll(List.of("-jar", ownJar().toString(), command));
    ProcessBuilder builder =
        new ProcessBuilder(args)
            .redirectErrorStream(true)
            .redirectOutput(logDir.resolve(name + ".log").toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("BEACON_"));
    builder.environment().put("BEACON_KAFKA_BOOTSTRAP", bootstrap);
    builder.environment().put("BEACON_BROADCASTER_HTTP_PORT", "0");
    builder.environment().putAll(env);
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  private static void requireAlive(Process process, Path log, long deadline) {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "child process exited with " + process.exitValue() + "; see " + log);
    }
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException(
          "child process not ready within " + READY.toSeconds() + " s; see " + log);
    }
  }

  private static int status(String url) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(2000);
      try {
        return c.getResponseCode();
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      return -1;
    }
  }

  private static Path ownJar() {
    try {
      if (System.getProperty("beacon.jar") != null) {
        // Tests: this class comes from beacon-tools' classes or thin jar; the full jar is packaged
        // beside them.
        return Path.of(System.getProperty("beacon.jar"));
      }
      Path jar =
          Path.of(ChildServices.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!jar.toString().endsWith(".jar")) {
        throw new IllegalStateException(
            "run the connections benchmark from beacon.jar (java -jar beacon.jar bench"
                + " connections), not from "
                + jar);
      }
      return jar;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    for (Process process : processes) {
      process.destroy();
    }
    for (Process process : processes) {
      try {
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
