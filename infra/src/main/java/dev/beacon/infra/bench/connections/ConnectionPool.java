package dev.beacon.infra.bench.connections;

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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Recorder;

/**
 * Many idle {@code /chat} connections from this process, each bound to one of several source addresses in
 * 127.0.0.0/8 (so neither the ephemeral ports of one address nor a gateway's per-address limit run out), spread
 * round-robin over the targets, each subscribed to one of R rooms. Records, per connection, the delay between a
 * benchmark broadcast's send time (carried in its text) and its arrival.
 */
public final class ConnectionPool implements AutoCloseable {

  static final String MARK = "bench-";

  private final Vertx vertx;
  private final List<URI> targets;
  private final List<WebSocketClient> clients = new ArrayList<>();
  private final Queue<WebSocket> sockets = new ConcurrentLinkedQueue<>();
  private final Recorder latencyMicros = new Recorder(3);
  private final Map<Long, AtomicLong> receivedPerBroadcast = new ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicReference<String> firstRefusal = new AtomicReference<>();

  /**
   * @param sourceAddresses how many loopback source addresses to bind, from 127.0.1.1 upwards
   * @param deflate         whether to offer permessage-deflate, as browsers and most libraries do
   */
  public ConnectionPool(Vertx vertx, List<URI> targets, int sourceAddresses, int maxConnections, boolean deflate) {
    this.vertx = vertx;
    this.targets = targets;
    for (int a = 0; a < sourceAddresses; a++) {
      clients.add(vertx.createWebSocketClient(new WebSocketClientOptions()
          .setLocalAddress(sourceAddress(a))
          .setMaxConnections(maxConnections)
          .setConnectTimeout(30_000)
          .setTryUsePerMessageCompression(deflate)));
    }
  }

  static String sourceAddress(int index) {
    return "127.0." + (1 + index / 250) + "." + (1 + index % 250);
  }

  /** Opens {@code count} connections, at most {@code window} handshakes at a time; returns the seconds taken. */
  public double open(int count, int rooms, int window) throws InterruptedException {
    Semaphore inFlight = new Semaphore(window);
    long started = System.nanoTime();
    for (int i = 0; i < count; i++) {
      inFlight.acquire();
      URI target = targets.get(i % targets.size());
      WebSocketClient client = clients.get(i % clients.size());
      String room = "room-" + (i % rooms);
      client.connect(new WebSocketConnectOptions().setHost(target.getHost()).setPort(target.getPort())
              .setURI(target.getPath()))
          .onComplete(done -> {
            inFlight.release();
            if (done.succeeded()) {
              track(done.result(), room);
            } else {
              refused.incrementAndGet();
              firstRefusal.compareAndSet(null, done.cause().toString());
            }
          });
    }
    inFlight.acquire(window);
    inFlight.release(window);
    return (System.nanoTime() - started) / 1e9;
  }

  private void track(WebSocket socket, String room) {
    sockets.add(socket);
    socket.textMessageHandler(this::received);
    socket.closeHandler(v -> dropped.incrementAndGet());
    socket.writeTextMessage(new JsonObject().put("type", "subscribe").put("room", room).encode());
  }

  private void received(String text) {
    int at = text.indexOf(MARK);
    if (at < 0 || !text.contains("\"broadcast\"")) {
      return;
    }
    long now = System.nanoTime();
    String[] parts = new JsonObject(text).getString("message").split("-");
    long seq = Long.parseLong(parts[1]);
    long sentNanos = Long.parseLong(parts[2]);
    latencyMicros.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(now - sentNanos)));
    receivedPerBroadcast.computeIfAbsent(seq, s -> new AtomicLong()).incrementAndGet();
  }

  /** The broadcast text for benchmark broadcast {@code seq} sent now. */
  static String broadcastText(long seq) {
    return MARK + seq + "-" + System.nanoTime();
  }

  public int open() {
    return sockets.size();
  }

  public long refused() {
    return refused.get();
  }

  public long dropped() {
    return dropped.get();
  }

  public String firstRefusal() {
    return firstRefusal.get();
  }

  /** How many connections have received benchmark broadcast {@code seq}. */
  public long received(long seq) {
    AtomicLong n = receivedPerBroadcast.get(seq);
    return n == null ? 0 : n.get();
  }

  /** The arrival delays recorded since the last call, in microseconds. */
  public org.HdrHistogram.Histogram takeLatencies() {
    return latencyMicros.getIntervalHistogram();
  }

  @Override
  public void close() {
    for (WebSocket socket : sockets) {
      socket.close();
    }
    clients.forEach(WebSocketClient::close);
  }
}
