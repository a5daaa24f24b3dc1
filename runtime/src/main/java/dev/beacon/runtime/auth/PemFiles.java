package dev.beacon.runtime.auth;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The start-up check every PEM setting (TLS certificate and key, JWT public keys) makes of its
 * file.
 */
public final class PemFiles {

  private PemFiles() {}

  /** Fails with a message naming {@code envVar} when {@code path} is set but cannot be read. */
  public static void requireReadable(Path path, String envVar, String what) {
    if (path != null && !Files.isReadable(path)) {
      throw new IllegalArgumentException(
          envVar
              + " names a "
              + what
              + " file that does not exist or cannot be read: "
              + path.toAbsolutePath()
              + "; give the path of a readable PEM file");
    }
  }
}
