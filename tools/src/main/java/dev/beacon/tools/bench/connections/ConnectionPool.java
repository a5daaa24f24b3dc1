package dev.beacon.tools.bench.connections;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The idle {@code /chat} connections of one client worker process. Each is bound to one of several
 * source addresses in 127.0.0.0/8 (so neither the ephemeral ports of one address nor a gateway's
 * per-address limit run out), goes to one of the targets and subscribes to one of R rooms.
 * Connections are opened from every event loop of the worker, at most {@code window} handshakes in
 * flight, each next one started when one completes. Records how long each connect took and, per
 * benchmark broadcast, the delay between its send time (carried in its text, on the machine's
 * monotonic clock, which every process on the machine shares) and its arrival.
 *
 * <p>Raw Vert.x WebSockets, not the client library: tens of thousands of idle connections per
 * worker, each bound to a chosen source address, with no per-connection client state (recovery
 * buffers, reconnect timers) in the figures.
 */
final class ConnectionPool implements AutoCloseable {

  static final String MARK = "bench:";
  private static final int MAX_REASONS = 20;

  private final WorkerSpec spec;
  private final List<Context> loops;
  private final List<WebSocketClient> clients = new ArrayList<>();
  private final Queue<WebSocket> sockets = new ConcurrentLinkedQueue<>();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();
  private final Map<Long, Receipts> receipts = new ConcurrentHashMap<>();
  private volatile boolean closing;
  private long attempted;

  /**
   * Receipts of one benchmark broadcast: how many connections got it, and after how long
   * (microseconds).
   */
  record Receipts(AtomicLong count, Histogram micros) {}

  /** What one {@link #open(int)} did. */
  record Opened(double seconds, Histogram connectMicros) {}

  private ConnectionPool(Vertx vertx, WorkerSpec spec, List<Context> loops) {
    this.spec = spec;
    this.loops = loops;
    for (int a = 0; a < spec.sourceAddresses(); a++) {
      // Held for the pool's lifetime: Vert.x closes a client, and its connections, once it is
      // garbage-collected.
      clients.add(
          vertx.createWebSocketClient(
              new WebSocketClientOptions()
                  .setLocalAddress(WorkerSpec.sourceAddress(a))
                  .setMaxConnections(Integer.MAX_VALUE)
                  .setConnectTimeout(30_000)
                  .setTryUsePerMessageCompression(spec.deflate())));
    }
  }

  /** A pool with one context per event loop to open connections from. */
  static Future<ConnectionPool> start(Vertx vertx, WorkerSpec spec) {
    List<Context> loops = new CopyOnWriteArrayList<>();
    return vertx
        .deployVerticle(
            () ->
                new VerticleBase() {
                  @Override
                  public Future<?> start() {
                    loops.add(context);
                    return Future.succeededFuture();
                  }
                },
            new DeploymentOptions().setInstances(spec.eventLoops()))
        .map(id -> new ConnectionPool(vertx, spec, loops));
  }

  /**
   * Opens {@code count} more connections, {@code window} handshakes at a time over the event loops.
   */
  Future<Opened> open(int count) {
    long started = System.nanoTime();
    Histogram connectMicros = new ConcurrentHistogram(3);
    AtomicLong cursor = new AtomicLong(attempted);
    long end = attempted + count;
    attempted = end;
    List<Future<Void>> lanes = new ArrayList<>();
    for (int lane = 0; lane < Math.min(spec.window(), Math.max(count, 1)); lane++) {
      Context loop = loops.get(lane % loops.size());
      Promise<Void> done = Promise.promise();
      loop.runOnContext(v -> connectNext(loop, cursor, end, connectMicros, done));
      lanes.add(done.future());
    }
    return Future.all(lanes)
        .map(all -> new Opened((System.nanoTime() - started) / 1e9, connectMicros));
  }

  private void connectNext(
      Context loop, AtomicLong cursor, long end, Histogram micros, Promise<Void> done) {
    long local = cursor.getAndIncrement();
    if (local >= end) {
      done.complete();
      return;
    }
    long n = spec.connectionNumber(local);
    URI target = spec.target(n);
    long started = System.nanoTime();
    clients
        .get(spec.sourceAddress(n))
        .connect(
            new WebSocketConnectOptions()
                .setHost(target.getHost())
                .setPort(target.getPort())
                .setURI(target.getRawPath()))
        .onComplete(
            result -> {
              if (result.succeeded()) {
                micros.recordValue(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - started));
                track(result.result(), "room-" + (n % spec.rooms()));
              } else {
                refused(result.cause());
              }
              // next from the event loop's queue, not this stack: refusals can complete
              // synchronously, many in a row
              loop.runOnContext(v -> connectNext(loop, cursor, end, micros, done));
            });
  }

  private void track(WebSocket socket, String room) {
    sockets.add(socket);
    open.incrementAndGet();
    socket.textMessageHandler(this::received);
    socket.closeHandler(
        v -> {
          open.decrementAndGet();
          if (!closing) {
            dropped.incrementAndGet();
          }
        });
    socket.writeTextMessage(new JsonObject().put("type", "subscribe").put("room", room).encode());
  }

  private void refused(Throwable cause) {
    refused.incrementAndGet();
    String reason = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    reason = reason.length() > 160 ? reason.substring(0, 160) : reason;
    if (refusals.size() >= MAX_REASONS && !refusals.containsKey(reason)) {
      reason = "(other reasons)";
    }
    refusals.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
  }

  private void received(String text) {
    int at = text.indexOf(MARK);
    if (at < 0) {
      return;
    }
    long now = System.nanoTime();
    int seqStart = at + MARK.length();
    int seqEnd = text.indexOf(':', seqStart);
    int sentEnd = text.indexOf(':', seqEnd + 1);
    long seq = Long.parseLong(text, seqStart, seqEnd, 10);
    long sent = Long.parseLong(text, seqEnd + 1, sentEnd, 10);
    Receipts r =
        receipts.computeIfAbsent(
            seq, s -> new Receipts(new AtomicLong(), new ConcurrentHistogram(3)));
    r.micros().recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(now - sent)));
    r.count().incrementAndGet();
  }

  /**
   * The text of benchmark broadcast {@code seq}, sent at {@code sentNanos} ({@link
   * System#nanoTime()}).
   */
  static String broadcastText(long seq, long sentNanos) {
    return MARK + seq + ":" + sentNanos + ":";
  }

  int open() {
    return open.get();
  }

  long refused() {
    return refused.get();
  }

  long dropped() {
    return dropped.get();
  }

  /** Why connections were refused, and how many times each. */
  Map<String, Long> refusals() {
    Map<String, Long> copy = new java.util.TreeMap<>();
    refusals.forEach((reason, n) -> copy.put(reason, n.get()));
    return copy;
  }

  Receipts receipts(long seq) {
    return receipts.getOrDefault(seq, new Receipts(new AtomicLong(), new Histogram(3)));
  }

  @Override
  public void close() {
    closing = true;
    for (WebSocket socket : sockets) {
      socket.close();
    }
    clients.forEach(WebSocketClient::close);
  }
}
