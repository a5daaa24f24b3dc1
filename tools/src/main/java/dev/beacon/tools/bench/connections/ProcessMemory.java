package dev.beacon.tools.bench.connections;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a process on this machine holds, read from outside: the Java heap after a full GC and the
 * native memory outside the heap (via {@code jcmd}, for JVMs), the resident set size (via {@code
 * /proc}, for any process).
 *
 * @param heapAfterGcBytes heap in use right after {@code GC.run}, or -1 for a process that is not a
 *     JVM
 * @param rssBytes resident set size
 * @param nativeOtherBytes committed native memory in NMT's "Other" category, where Netty's direct
 *     buffers live; -1 unless the JVM runs with {@code -XX:NativeMemoryTracking=summary}
 */
public record ProcessMemory(long heapAfterGcBytes, long rssBytes, long nativeOtherBytes) {

  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
  private static final Pattern NMT_OTHER =
      Pattern.compile("-\\s+Other \\(reserved=\\d+KB, committed=(\\d+)KB\\)");
  private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

  /** A JVM's figures, after asking it for a full GC. */
  public static ProcessMemory ofJvm(long pid) {
    jcmd(pid, "GC.run");
    long heap = kilobytes(HEAP_USED, jcmd(pid, "GC.heap_info"));
    long other = kilobytes(NMT_OTHER, jcmd(pid, "VM.native_memory", "summary"));
    return new ProcessMemory(heap, rss(pid), other);
  }

  /** Any process's resident set size. */
  public static ProcessMemory ofProcess(long pid) {
    return new ProcessMemory(-1, rss(pid), -1);
  }

  /**
   * Per-connection growth from {@code before} to this, in bytes (-1 where either side is unknown).
   */
  public ProcessMemory perConnection(ProcessMemory before, long connections) {
    return new ProcessMemory(
        per(heapAfterGcBytes, before.heapAfterGcBytes, connections),
        per(rssBytes, before.rssBytes, connections),
        per(nativeOtherBytes, before.nativeOtherBytes, connections));
  }

  public ProcessMemory plus(ProcessMemory other) {
    return new ProcessMemory(
        sum(heapAfterGcBytes, other.heapAfterGcBytes),
        sum(rssBytes, other.rssBytes),
        sum(nativeOtherBytes, other.nativeOtherBytes));
  }

  public static ProcessMemory zero() {
    return new ProcessMemory(0, 0, 0);
  }

  /** Several processes' figures added up; unknown for no process at all. */
  public static ProcessMemory sum(List<ProcessMemory> each) {
    return each.isEmpty()
        ? new ProcessMemory(-1, -1, -1)
        : each.stream().reduce(zero(), ProcessMemory::plus);
  }

  /** e.g. {@code heap 3.9 KB, RSS 41.0 KB, native 2.1 KB} for per-connection figures. */
  public String describeKb() {
    return String.format(
        Locale.ROOT,
        "heap %s, RSS %s, native %s",
        kb(heapAfterGcBytes),
        kb(rssBytes),
        kb(nativeOtherBytes));
  }

  static String kb(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
  }

  private static long per(long after, long before, long connections) {
    return after < 0 || before < 0 || connections == 0 ? -1 : (after - before) / connections;
  }

  private static long sum(long a, long b) {
    return a < 0 || b < 0 ? -1 : a + b;
  }

  private static long kilobytes(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
  }

  private static long rss(long pid) {
    try {
      return kilobytes(RSS, Files.readString(Path.of("/proc", String.valueOf(pid), "status")));
    } catch (IOException e) {
      return -1;
    }
  }

  private static String jcmd(long pid, String... command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    List<String> args = new java.util.ArrayList<>(List.of(jcmd.toString(), String.valueOf(pid)));
    args.addAll(List.of(command));
    try {
      Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
