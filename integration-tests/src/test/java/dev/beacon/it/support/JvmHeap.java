package dev.beacon.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads another JVM's heap with the JDK's {@code jcmd}: a full GC first, so what is left is what is
 * held.
 */
public final class JvmHeap {

  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  private JvmHeap() {}

  /** Runs {@code GC.run} in process {@code pid}, then returns the heap it still uses, in bytes. */
  public static long usedAfterFullGc(long pid) {
    jcmd(pid, "GC.run");
    String info = jcmd(pid, "GC.heap_info");
    Matcher used = USED.matcher(info);
    if (!used.find()) {
      throw new AssertionError("no 'used NK' in jcmd GC.heap_info output:\n" + info);
    }
    return Long.parseLong(used.group(1)) * 1024;
  }

  /**
   * Every thread's stack in process {@code pid}, for a test that failed to say where each process
   * stood.
   */
  public static String threadDump(long pid) {
    return jcmd(pid, "Thread.print");
  }

  private static String jcmd(long pid, String command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process process =
          new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command)
              .redirectErrorStream(true)
              .start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError(
            "jcmd " + pid + " " + command + " failed:\n" + new String(out, StandardCharsets.UTF_8));
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError("cannot run " + jcmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
