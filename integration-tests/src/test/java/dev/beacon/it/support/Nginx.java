package dev.beacon.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Debian nginx running {@code distribution/nginx/templates/beacon.conf.template} as an
 * unprivileged process: the template's {@code ${BEACON_...}} placeholders are filled as envsubst
 * would, and a minimal main configuration keeps the pid file, logs and temporary files in the
 * test's directory.
 */
public final class Nginx implements AutoCloseable {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(BEACON_[A-Z0-9_]+)}");

  private final Process process;
  private final Path dir;

  private Nginx(Process process, Path dir) {
    this.process = process;
    this.dir = dir;
  }

  public static boolean installed() {
    return Executables.onPath("nginx");
  }

  /** The template the tests and the compose file use. */
  public static Path template() {
    return Path.of(
        System.getProperty(
            "beacon.nginx.template", "../distribution/nginx/templates/beacon.conf.template"));
  }

  /**
   * Fills {@code ${BEACON_X}} from {@code values}; a placeholder without a value fails the test.
   */
  public static String render(String template, Map<String, String> values) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      if (value == null) {
        throw new AssertionError("no value for ${" + matcher.group(1) + "} in " + template());
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return matcher.appendTail(out).toString();
  }

  /**
   * Starts nginx in the foreground with TLS on {@code tlsPort} and plain HTTP on {@code httpPort}
   * in front of the gateways and of the ingestor's API on {@code ingestorPort} (loopback), and
   * waits until it answers its own {@code /health}.
   */
  public static Nginx start(
      Path dir,
      TestCertificate certificate,
      int tlsPort,
      int httpPort,
      int ingestorPort,
      int... gatewayPorts)
      throws IOException {
    Path conf = dir.resolve("conf");
    Files.createDirectories(conf);
    Map<String, String> values =
        new java.util.HashMap<>(
            Map.of(
                "BEACON_NGINX_TLS_PORT",
                "127.0.0.1:" + tlsPort,
                "BEACON_NGINX_HTTP_PORT",
                "127.0.0.1:" + httpPort,
                "BEACON_NGINX_CERT",
                certificate.certificate().toString(),
                "BEACON_NGINX_KEY",
                certificate.key().toString(),
                "BEACON_NGINX_INGESTOR",
                "127.0.0.1:" + ingestorPort));
    for (int i = 0; i < gatewayPorts.length; i++) {
      values.put("BEACON_GW" + (i + 1), "127.0.0.1:" + gatewayPorts[i]);
    }
    Files.writeString(conf.resolve("beacon.conf"), render(Files.readString(template()), values));
    Files.writeString(conf.resolve("nginx.conf"), mainConfig(dir));
    Path log = dir.resolve("nginx.out");
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    Executables.path("nginx"),
                    "-p",
                    dir.toString(),
                    "-e",
                    dir.resolve("error.log").toString(),
                    "-c",
                    conf.resolve("nginx.conf").toString(),
                    "-g",
                    "daemon off; master_process on;"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Nginx nginx = new Nginx(builder.start(), dir);
    try {
      Await.until(
          "nginx to answer on its plain HTTP port (" + dir + ")",
          Duration.ofSeconds(30),
          () -> {
            if (!nginx.process.isAlive()) {
              throw new AssertionError(
                  "nginx exited: " + read(log) + read(dir.resolve("error.log")));
            }
            return BeaconProcess.status("http://127.0.0.1:" + httpPort + "/health") == 200;
          });
    } catch (RuntimeException | AssertionError e) {
      nginx.close();
      throw e;
    }
    return nginx;
  }

  private static String mainConfig(Path dir) {
    return String.join(
        "\n",
        "worker_processes 1;",
        "pid " + dir.resolve("nginx.pid") + ";",
        "error_log " + dir.resolve("error.log") + " warn;",
        "events { worker_connections 1024; }",
        "http {",
        "  access_log " + dir.resolve("access.log") + ";",
        "  client_body_temp_path " + dir.resolve("tmp-body") + ";",
        "  proxy_temp_path " + dir.resolve("tmp-proxy") + ";",
        "  fastcgi_temp_path " + dir.resolve("tmp-fastcgi") + ";",
        "  uwsgi_temp_path " + dir.resolve("tmp-uwsgi") + ";",
        "  scgi_temp_path " + dir.resolve("tmp-scgi") + ";",
        "  include beacon.conf;",
        "}",
        "");
  }

  /** nginx's error log, for assertion messages. */
  public String errors() {
    return read(dir.resolve("error.log"));
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
