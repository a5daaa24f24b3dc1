package dev.beacon.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The Debian HAProxy running {@code distribution/haproxy/haproxy.cfg} in front of gateways on
 * loopback.
 */
public final class Haproxy implements AutoCloseable {

  private final Process process;

  private Haproxy(Process process) {
    this.process = process;
  }

  public static boolean installed() {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, "haproxy"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Starts HAProxy on {@code lbPort} in front of the gateways and waits until it proxies {@code
   * /health}.
   */
  public static Haproxy start(Path dir, int lbPort, int... gatewayPorts) {
    return start(dir, Map.of(), lbPort, gatewayPorts);
  }

  /**
   * As {@link #start(Path, int, int...)} with more environment, such as the optional TLS
   * frontend's.
   */
  public static Haproxy start(Path dir, Map<String, String> env, int lbPort, int... gatewayPorts) {
    Path config =
        Path.of(System.getProperty("beacon.haproxy.cfg", "../distribution/haproxy/haproxy.cfg"));
    Path log = dir.resolve("haproxy.log");
    ProcessBuilder builder =
        new ProcessBuilder("haproxy", "-db", "-f", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("BEACON_LB_PORT", String.valueOf(lbPort));
    builder.environment().putAll(env);
    for (int i = 0; i < gatewayPorts.length; i++) {
      builder.environment().put("BEACON_GW" + (i + 1), "127.0.0.1:" + gatewayPorts[i]);
    }
    try {
      Haproxy haproxy = new Haproxy(builder.start());
      Await.until(
          "HAProxy to proxy /health (log " + log + ")",
          Duration.ofSeconds(60),
          () -> {
            if (!haproxy.process.isAlive()) {
              throw new AssertionError("haproxy exited: " + read(log));
            }
            return BeaconProcess.status("http://127.0.0.1:" + lbPort + "/health") == 200;
          });
      return haproxy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start haproxy", e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
