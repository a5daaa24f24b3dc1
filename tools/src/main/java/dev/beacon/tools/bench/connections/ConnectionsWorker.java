package dev.beacon.tools.bench.connections;

import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A client worker process of {@code beacon bench connections}, started by the coordinator as {@code
 * java -cp beacon.jar dev.beacon.tools.bench.connections.ConnectionsWorker '<WorkerSpec JSON>'}
 * (one process holds at most 20,000 open files here, so 100,000 connections need several).
 *
 * <p>It reads one JSON command a line on stdin and answers each with one line {@code @bench <JSON>}
 * on stdout (other stdout lines are logs): {@code open} (count) answers {@code opened}; {@code
 * receipts} (seq) answers the count and the delay histogram of benchmark broadcast seq; {@code
 * close} closes every connection and exits. It exits by itself when stdin ends (the coordinator
 * died) or after the spec's lifetime.
 */
public final class ConnectionsWorker {

  static final String REPLY = "@bench ";
  private static final Duration OPEN_DEADLINE = Duration.ofMinutes(30);

  private ConnectionsWorker() {}

  public static void main(String[] args) throws IOException {
    WorkerSpec spec = WorkerSpec.fromJson(new JsonObject(args[0]));
    exitAfter(Duration.ofSeconds(spec.lifetimeSeconds()));
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(spec.eventLoops()));
    ConnectionPool pool =
        Blocking.await(ConnectionPool.start(vertx, spec), "start the client event loops");
    reply(new JsonObject().put("type", "ready").put("nanos", System.nanoTime()));
    // Commands run one at a time off the reading thread, so that the end of stdin is seen even
    // mid-command.
    ExecutorService commands = Executors.newSingleThreadExecutor();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      JsonObject command = new JsonObject(line);
      commands.execute(
          () -> {
            try {
              run(command, pool, vertx);
            } catch (RuntimeException e) {
              reply(
                  new JsonObject()
                      .put("type", "error")
                      .put("message", String.valueOf(e.getMessage())));
            }
          });
    }
    System.err.println("client worker: stdin ended (the coordinator is gone), exiting");
    System.exit(2);
  }

  private static void run(JsonObject command, ConnectionPool pool, Vertx vertx) {
    switch (command.getString("cmd")) {
      case "open" -> reply(opened(pool, command.getInteger("count")));
      case "receipts" -> reply(receipts(pool, command.getLong("seq")));
      case "close" -> {
        pool.close();
        Blocking.awaitQuietly(vertx.close(), "stop the client event loops");
        reply(new JsonObject().put("type", "closed"));
        System.exit(0);
      }
      default ->
          reply(
              new JsonObject()
                  .put("type", "error")
                  .put("message", "unknown command " + command.encode()));
    }
  }

  private static JsonObject opened(ConnectionPool pool, int count) {
    ConnectionPool.Opened opened =
        Blocking.await(pool.open(count), "open " + count + " connections", OPEN_DEADLINE);
    return new JsonObject()
        .put("type", "opened")
        .put("seconds", opened.seconds())
        .put("open", pool.open())
        .put("refused", pool.refused())
        .put("dropped", pool.dropped())
        .put("cpuMillis", cpuMillis())
        .put("refusals", new JsonObject(new java.util.HashMap<>(pool.refusals())))
        .put("connect", HistogramText.encode(opened.connectMicros()));
  }

  private static JsonObject receipts(ConnectionPool pool, long seq) {
    ConnectionPool.Receipts receipts = pool.receipts(seq);
    return new JsonObject()
        .put("type", "receipts")
        .put("seq", seq)
        .put("received", receipts.count().get())
        .put("open", pool.open())
        .put("latency", HistogramText.encode(receipts.micros().copy()));
  }

  /**
   * This process's CPU time so far (every thread), to tell the client's own cost per connect from
   * waiting.
   */
  private static long cpuMillis() {
    return ProcessHandle.current()
        .info()
        .totalCpuDuration()
        .map(java.time.Duration::toMillis)
        .orElse(-1L);
  }

  private static synchronized void reply(JsonObject message) {
    System.out.println(REPLY + message.encode());
    System.out.flush();
  }

  private static void exitAfter(Duration lifetime) {
    Thread timer =
        new Thread(
            () -> {
              try {
                Thread.sleep(lifetime.toMillis());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              System.err.println("client worker: lifetime of " + lifetime + " is over, exiting");
              System.exit(3);
            },
            "worker-lifetime");
    timer.setDaemon(true);
    timer.start();
  }
}
