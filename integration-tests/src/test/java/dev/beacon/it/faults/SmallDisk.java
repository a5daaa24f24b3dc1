package dev.beacon.it.faults;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small filesystem only one child process sees: the process is started through {@code unshare} in
 * its own user and mount namespaces, where it mounts a size-limited tmpfs over its data directory
 * before exec'ing Java. No privileges are needed (root ignores a read-only chmod, so a full disk is
 * the fault that works for everyone). The test reaches the filesystem through {@code
 * /proc/<pid>/root}, fills it with a filler file and frees it.
 */
final class SmallDisk {

  static final String FILLER = "filler";

  private final Path mountPoint;
  private final int megabytes;

  SmallDisk(Path mountPoint, int megabytes) {
    this.mountPoint = mountPoint.toAbsolutePath();
    this.megabytes = megabytes;
  }

  /**
   * Whether this machine lets an unprivileged process create user and mount namespaces and mount a
   * tmpfs.
   */
  static boolean available(Path scratch) {
    try {
      Files.createDirectories(scratch);
      Process probe =
          new ProcessBuilder(
                  "unshare",
                  "--user",
                  "--map-root-user",
                  "--mount",
                  "sh",
                  "-c",
                  "mount -t tmpfs -o size=1m tmpfs \"$0\"",
                  scratch.toString())
              .redirectErrorStream(true)
              .start();
      probe.getInputStream().readAllBytes();
      return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * The command prefix that mounts the small filesystem and then execs the rest of the command
   * line.
   */
  List<String> wrapper() {
    try {
      Files.createDirectories(mountPoint);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.of(
        "unshare",
        "--user",
        "--map-root-user",
        "--mount",
        "sh",
        "-c",
        "mount -t tmpfs -o size=" + megabytes + "m tmpfs \"$0\" && exec \"$@\"",
        mountPoint.toString());
  }

  /** A path inside the small filesystem as the test sees it, while process {@code pid} lives. */
  Path seenFrom(long pid, String relative) {
    return Path.of("/proc", String.valueOf(pid), "root")
        .resolve(mountPoint.toString().substring(1))
        .resolve(relative);
  }

  /**
   * A copy of the SQLite database {@code name} (and its WAL) taken now into {@code into}, to read
   * with JDBC: SQLite resolves symbolic links in a path, so it cannot open a file through {@code
   * /proc/<pid>/root} itself.
   */
  Path copyDatabase(long pid, String name, Path into) {
    try {
      Files.createDirectories(into);
      Path copy = into.resolve(name);
      Files.deleteIfExists(into.resolve(name + "-shm"));
      for (String suffix : List.of("", "-wal")) {
        Path source = seenFrom(pid, name + suffix);
        Path target = into.resolve(name + suffix);
        if (Files.exists(source)) {
          Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } else {
          Files.deleteIfExists(target);
        }
      }
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a filler file until the filesystem is full. */
  void fill(long pid) {
    byte[] chunk = new byte[64 * 1024];
    try (FileOutputStream out = new FileOutputStream(seenFrom(pid, FILLER).toFile())) {
      while (true) {
        out.write(chunk);
      }
    } catch (IOException full) {
      // No space left on device: the point
    }
  }

  /** Deletes the filler file: the space comes back. */
  void free(long pid) {
    try {
      Files.deleteIfExists(seenFrom(pid, FILLER));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
