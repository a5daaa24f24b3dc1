package dev.beacon.tools.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for a Beacon gateway in unit tests of the load logic: answers {@code OK} to every
 * {@code deviceId,ts,lat,lon} line, {@code ERR bad_format: ...} to a line containing "bad" or
 * without four fields, and records what a test needs to check the client: repeated (device, ts)
 * pairs and the most fixes one connection ever had unanswered. Replies can be held back for a few
 * milliseconds (so that a client fills its window) or never sent at all (to check that a client
 * stops by itself).
 */
public final class FakeGateway implements AutoCloseable {

  /** How the fake answers. */
  public enum Replies {
    IMMEDIATE,
    DELAYED,
    NEVER
  }

  private static final long DELAY_MILLIS = 2;

  private final Vertx vertx = Vertx.vertx();
  private final Replies replies;
  private final Set<String> deviceTimestamps = ConcurrentHashMap.newKeySet();
  private final Queue<String> lines = new ConcurrentLinkedQueue<>();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong repeatedPairs = new AtomicLong();
  private final AtomicInteger maxOutstanding = new AtomicInteger();
  private final AtomicInteger connectionsOpened = new AtomicInteger();
  private final AtomicInteger connectionsOpen = new AtomicInteger();
  private final AtomicInteger maxConnectionsOpen = new AtomicInteger();
  private final boolean keepLines;
  private HttpServer server;

  public FakeGateway(Replies replies, boolean keepLines) {
    this.replies = replies;
    this.keepLines = keepLines;
  }

  public FakeGateway start() throws Exception {
    server = vertx.createHttpServer().webSocketHandler(this::onConnection);
    server
        .listen(0, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    return this;
  }

  public URI url() {
    return URI.create("ws://127.0.0.1:" + server.actualPort() + "/ws");
  }

  private void onConnection(ServerWebSocket socket) {
    connectionsOpened.incrementAndGet();
    maxConnectionsOpen.accumulateAndGet(connectionsOpen.incrementAndGet(), Math::max);
    socket.closeHandler(v -> connectionsOpen.decrementAndGet());
    Queue<String> unanswered = new ArrayDeque<>();
    socket.textMessageHandler(
        line -> {
          unanswered.add(answer(line));
          maxOutstanding.accumulateAndGet(unanswered.size(), Math::max);
          if (replies == Replies.IMMEDIATE) {
            flush(socket, unanswered);
          } else if (replies == Replies.DELAYED && unanswered.size() == 1) {
            vertx
                .timer(DELAY_MILLIS, TimeUnit.MILLISECONDS)
                .onComplete(t -> flush(socket, unanswered));
          }
        });
  }

  private static void flush(ServerWebSocket socket, Queue<String> unanswered) {
    for (String reply; (reply = unanswered.poll()) != null; ) {
      if (!socket.isClosed()) {
        socket.writeTextMessage(reply);
      }
    }
  }

  private String answer(String line) {
    received.incrementAndGet();
    if (keepLines) {
      lines.add(line);
    }
    String[] fields = line.split(",");
    if (line.contains("bad") || fields.length != 4) {
      return "ERR bad_format: expected deviceId,timestamp,lat,lon";
    }
    if (!deviceTimestamps.add(fields[0] + "," + fields[1])) {
      repeatedPairs.incrementAndGet();
    }
    return "OK";
  }

  public long received() {
    return received.get();
  }

  public long distinctDeviceTimestamps() {
    return deviceTimestamps.size();
  }

  public long repeatedPairs() {
    return repeatedPairs.get();
  }

  public int maxOutstanding() {
    return maxOutstanding.get();
  }

  public int connectionsOpened() {
    return connectionsOpened.get();
  }

  public int connectionsOpen() {
    return connectionsOpen.get();
  }

  /** The most connections that were open at the same time. */
  public int maxConnectionsOpen() {
    return maxConnectionsOpen.get();
  }

  /** Every line received, when constructed with {@code keepLines}. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
