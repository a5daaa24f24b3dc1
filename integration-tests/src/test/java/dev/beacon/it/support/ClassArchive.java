package dev.beacon.it.support;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A class-data-sharing archive of beacon.jar (the JDK's dynamic AppCDS), so that every Beacon
 * process a test starts maps the classes it needs instead of loading and verifying them from the
 * jar again: a broker's start took 11-15 s instead of 20-28 s at load average 18-20 (C1 alone 12-13
 * s, both 6.5-7 s). Made once per build of the jar, by the first test JVM that starts a process,
 * from a short run of {@code beacon local} (broker, gateway, ingestor and broadcaster: nearly every
 * class any command loads); the other test JVM waits for it. When it cannot be made, processes
 * start without it, only slower.
 */
final class ClassArchive {

  private static final Logger log = LoggerFactory.getLogger(ClassArchive.class);
  private static final Duration READY = Duration.ofMinutes(3);
  private static final Duration EXIT = Duration.ofMinutes(2);

  private static List<String> options;

  private ClassArchive() {}

  /** The JVM options that map the archive, or none when there is none. */
  static synchronized List<String> options() {
    if (options == null) {
      options = find();
    }
    return options;
  }

  private static List<String> find() {
    try {
      Path jar = BeaconProcess.jar();
      Path dir = Path.of(System.getProperty("beacon.cds.dir", "target/beacon-cds"));
      Files.createDirectories(dir);
      // Named for the jar's size and time: a jar built again gets an archive of its own.
      Path archive =
          dir.resolve(
                  "beacon-"
                      + Files.size(jar)
                      + "-"
                      + Files.getLastModifiedTime(jar).toMillis()
                      + ".jsa")
              .toAbsolutePath();
      try (FileChannel channel =
              FileChannel.open(
                  dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock held = channel.lock()) {
        if (!Files.exists(archive)) {
          make(jar, archive);
        }
      }
      return Files.exists(archive)
          ? List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off")
          : List.of();
    } catch (IOException | RuntimeException e) {
      log.warn("no class archive of beacon.jar ({}): processes start without one", e.toString());
      return List.of();
    }
  }

  private static void make(Path jar, Path archive) throws IOException {
    long started = System.nanoTime();
    Path work = Files.createTempDirectory("beacon-cds");
    Path partial = archive.resolveSibling(archive.getFileName() + ".part");
    int port = FreePorts.next();
    ProcessBuilder builder =
        new ProcessBuilder(
                BeaconProcess.javaBinary(),
                "-XX:ArchiveClassesAtExit=" + partial,
                "-Xlog:cds*=off",
                "-XX:TieredStopAtLevel=1",
                "-Xmx512m",
                "-jar",
                jar.toString(),
                "local")
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("local.log").toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("BEACON_"));
    builder.environment().put("BEACON_DATA_DIR", work.resolve("data").toString());
    builder.environment().put("BEACON_GATEWAY_HOST", "127.0.0.1");
    builder.environment().put("BEACON_GATEWAY_PORT", String.valueOf(port));
    builder.environment().put("BEACON_INGESTOR_PORT", String.valueOf(FreePorts.next()));
    builder.environment().put("BEACON_KAFKA_PORT", String.valueOf(FreePorts.next()));
    builder.environment().put("BEACON_KAFKA_CONTROLLER_PORT", String.valueOf(FreePorts.next()));
    builder.environment().put("BEACON_BROADCASTER_HTTP_PORT", "0");
    Process local = builder.start();
    try {
      long deadline = System.nanoTime() + READY.toNanos();
      while (BeaconProcess.status("http://127.0.0.1:" + port + "/ready") != 200) {
        if (!local.isAlive() || System.nanoTime() > deadline) {
          throw new IOException("beacon local did not get ready (log " + work + ")");
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
      local.destroy();
      if (!local.waitFor(EXIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException("beacon local did not write the archive and exit (log " + work + ")");
      }
      Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
      log.info(
          "class archive of beacon.jar made in {} s: {}",
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
          archive);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while making the class archive", e);
    } finally {
      local.destroyForcibly();
      Files.deleteIfExists(partial);
    }
  }
}
