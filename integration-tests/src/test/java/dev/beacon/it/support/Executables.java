package dev.beacon.it.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a program the tests run for real (nginx, openssl, docker-compose) is on the PATH. */
public final class Executables {

  private Executables() {}

  public static boolean onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    // Debian puts nginx and haproxy in /usr/sbin, which a non-root PATH may lack.
    return Files.isExecutable(Path.of("/usr/sbin", name));
  }

  /** The program's path: from the PATH, else /usr/sbin. */
  public static String path(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name).toString();
      }
    }
    return Path.of("/usr/sbin", name).toString();
  }
}
