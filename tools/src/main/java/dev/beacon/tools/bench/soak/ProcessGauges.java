package dev.beacon.tools.bench.soak;

import dev.beacon.tools.bench.connections.ProcessMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a child JVM holds at one moment, read from outside: heap after a full GC, native ("Other",
 * Netty's direct buffers), open file descriptors and threads.
 */
record ProcessGauges(long heapBytes, long nativeBytes, long fds, long threads) {

  private static final Pattern THREADS = Pattern.compile("Threads:\\s+(\\d+)");

  static ProcessGauges of(long pid) {
    ProcessMemory memory = ProcessMemory.ofJvm(pid);
    return new ProcessGauges(
        memory.heapAfterGcBytes(), memory.nativeOtherBytes(), fds(pid), threads(pid));
  }

  private static long fds(long pid) {
    try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
      return fds.count();
    } catch (IOException e) {
      return -1;
    }
  }

  private static long threads(long pid) {
    try {
      Matcher m =
          THREADS.matcher(Files.readString(Path.of("/proc", String.valueOf(pid), "status")));
      return m.find() ? Long.parseLong(m.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    }
  }
}
