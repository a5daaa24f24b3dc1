package dev.beacon.it.support;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar beacon.jar chat ...} as a child process typed into through its standard input.
 */
public final class ChatProcess implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final PrintWriter stdin;

  private ChatProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
  }

  public static ChatProcess start(Path log, String... args) {
    List<String> command = new ArrayList<>();
    command.add(BeaconProcess.javaBinary());
    command.addAll(BeaconProcess.CHILD_JVM_OPTIONS);
    command.addAll(ClassArchive.options());
    command.addAll(List.of("-Xmx256m", "-jar", BeaconProcess.jar().toString(), "chat"));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("BEACON_"));
    try {
      return new ChatProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /** Types one line, as a person would, followed by Enter. */
  public void type(String line) {
    stdin.println(line);
  }

  /** Waits until the output contains {@code text}; fails with the whole output otherwise. */
  public void awaitOutput(String text, Duration deadline) {
    Await.until(
        "'" + text + "' in the chat output:\n" + output(),
        deadline,
        () -> {
          if (!process.isAlive() && !output().contains(text)) {
            throw new AssertionError(
                "chat exited with "
                    + process.exitValue()
                    + " before printing '"
                    + text
                    + "':\n"
                    + output());
          }
          return output().contains(text);
        });
  }

  /** Waits for a line matching {@code regex} and returns its first group. */
  public String awaitGroup(String regex, Duration deadline) {
    Pattern pattern = Pattern.compile(regex);
    String[] found = new String[1];
    Await.until(
        "/" + regex + "/ in the chat output",
        deadline,
        () -> {
          Matcher m = pattern.matcher(output());
          if (m.find()) {
            found[0] = m.group(1);
            return true;
          }
          return false;
        });
    return found[0];
  }

  /** Waits for the process to end by itself; returns its exit code. */
  public int awaitExit(Duration deadline) {
    try {
      if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            "chat did not exit within " + deadline.toSeconds() + " s:\n" + output());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    stdin.close();
    if (process.isAlive()) {
      process.destroyForcibly();
      awaitExit(Duration.ofSeconds(30));
    }
  }
}
