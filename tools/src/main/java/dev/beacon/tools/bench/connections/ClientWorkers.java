package dev.beacon.tools.bench.connections;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The coordinator's side of the client worker processes ({@link ConnectionsWorker}): starts them
 * from this JVM's class path (or {@code beacon.jar}), sends each a JSON command a line and waits,
 * with a deadline, for the answers. A worker's other output goes to {@code client-<i>.log} in the
 * work directory. Closing stops them by their PIDs.
 */
final class ClientWorkers implements AutoCloseable {

  private static final Duration READY = Duration.ofSeconds(60);
  private static final JsonObject EXITED = new JsonObject().put("type", "exited");

  private final List<Worker> workers = new ArrayList<>();
  private final long startedNanos = System.nanoTime();

  private record Worker(
      int index,
      Process process,
      PrintWriter commands,
      BlockingQueue<JsonObject> replies,
      Path log) {}

  ClientWorkers(List<WorkerSpec> specs, List<String> jvmOptions, Path logDir) throws IOException {
    for (WorkerSpec spec : specs) {
      workers.add(start(spec, jvmOptions, logDir));
    }
  }

  /**
   * Waits for every worker's {@code ready}, which carries its {@link System#nanoTime()}: broadcast
   * delays compare the coordinator's send time with the workers' arrival times, so the reading must
   * fall between this JVM's readings before the workers started and now (true on Linux, where it is
   * the machine-wide CLOCK_MONOTONIC).
   */
  void awaitReady() {
    List<JsonObject> ready = awaitAll("ready", READY);
    long now = System.nanoTime();
    for (JsonObject r : ready) {
      long nanos = r.getLong("nanos");
      if (nanos < startedNanos || nanos > now) {
        throw new IllegalStateException(
            "a client worker's monotonic clock ("
                + nanos
                + ") is not this process's ("
                + startedNanos
                + " to "
                + now
                + "): broadcast delays across processes cannot be measured here");
      }
    }
  }

  int size() {
    return workers.size();
  }

  /**
   * Sends worker i {@code command(i)} and waits for each one's answer of type {@code type}, in
   * worker order.
   */
  List<JsonObject> ask(IntFunction<JsonObject> command, String type, Duration deadline) {
    for (Worker worker : workers) {
      worker.commands().println(command.apply(worker.index()).encode());
      worker.commands().flush();
    }
    return awaitAll(type, deadline);
  }

  private List<JsonObject> awaitAll(String type, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    List<JsonObject> answers = new ArrayList<>();
    for (Worker worker : workers) {
      answers.add(await(worker, type, end));
    }
    return answers;
  }

  private static JsonObject await(Worker worker, String type, long endNanos) {
    try {
      while (true) {
        JsonObject reply =
            worker.replies().poll(Math.max(0, endNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (reply == null) {
          throw new IllegalStateException(
              "client worker "
                  + worker.index()
                  + " did not answer '"
                  + type
                  + "' in time; see "
                  + worker.log());
        }
        if (reply == EXITED) {
          throw new IllegalStateException(
              "client worker " + worker.index() + " exited; see " + worker.log());
        }
        if ("error".equals(reply.getString("type"))) {
          throw new IllegalStateException(
              "client worker "
                  + worker.index()
                  + " failed: "
                  + reply.getString("message")
                  + "; see "
                  + worker.log());
        }
        if (type.equals(reply.getString("type"))) {
          return reply;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for client worker " + worker.index(), e);
    }
  }

  private static Worker start(WorkerSpec spec, List<String> jvmOptions, Path logDir)
      throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    args.addAll(jvmOptions);
    args.addAll(
        List.of("-cp", classPath(), ConnectionsWorker.class.getName(), spec.toJson().encode()));
    Path log = logDir.resolve("client-" + spec.index() + ".log");
    Process process = new ProcessBuilder(args).redirectError(log.toFile()).start();
    BlockingQueue<JsonObject> replies = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(() -> readReplies(process, replies, log), "client-worker-" + spec.index());
    reader.setDaemon(true);
    reader.start();
    return new Worker(
        spec.index(),
        process,
        new PrintWriter(process.getOutputStream(), false, StandardCharsets.UTF_8),
        replies,
        log);
  }

  /** Answers go to the queue; anything else the worker prints (its logs) to its log file. */
  private static void readReplies(Process process, BlockingQueue<JsonObject> replies, Path log) {
    Path stdoutLog = Path.of(log.toString().replace(".log", ".out.log"));
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer logged = Files.newBufferedWriter(stdoutLog)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith(ConnectionsWorker.REPLY)) {
          replies.add(new JsonObject(line.substring(ConnectionsWorker.REPLY.length())));
        } else {
          logged.write(line + "\n");
          logged.flush();
        }
      }
    } catch (IOException | RuntimeException e) {
      // the worker is gone or wrote something unreadable: the EXITED marker below says so
    }
    replies.add(EXITED);
  }

  /**
   * The jar the benchmark runs from, or, in tests, {@code beacon.jar} when set, else this JVM's
   * class path.
   */
  private static String classPath() {
    String jar = System.getProperty("beacon.jar");
    return jar != null ? jar : System.getProperty("java.class.path");
  }

  @Override
  public void close() {
    for (Worker worker : workers) {
      worker.commands().println(new JsonObject().put("cmd", "close").encode());
      worker.commands().close();
    }
    for (Worker worker : workers) {
      try {
        if (!worker.process().waitFor(30, TimeUnit.SECONDS)) {
          worker.process().destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        worker.process().destroyForcibly();
      }
    }
  }
}
