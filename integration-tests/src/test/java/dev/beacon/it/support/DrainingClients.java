package dev.beacon.it.support;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Many connections in one JVM over one {@link WebSocketClient}, each on a Vert.x context, that keep
 * a gateway busy until it closes them: devices pipelining CSV fixes on {@code /ws}, chat clients on
 * {@code /chat} publishing into a room of their own (their echo is their ack) and, one in {@value
 * #BROADCASTER_EVERY}, a broadcast answered {@code broadcast_ack}. Records what was acknowledged
 * and when and how each connection was closed. Bounded: each connection sends at most {@link
 * #MAX_SENDS} times, one tick every {@link #TICK}.
 */
public final class DrainingClients {

  public static final int MAX_SENDS = 120;
  public static final Duration TICK = Duration.ofSeconds(1);
  static final int BROADCASTER_EVERY = 25;
  static final int FIXES_PER_TICK = 2;

  private final Vertx vertx;
  private final WebSocketClient client;
  private final List<Connection> connections = new ArrayList<>();

  /** {@code deviceId,epochSeconds} of every fix answered OK. */
  public final Set<String> okFixes = ConcurrentHashMap.newKeySet();

  /** Texts of chats echoed back and broadcasts acknowledged. */
  public final Set<String> ackedMessages = ConcurrentHashMap.newKeySet();

  public DrainingClients(Vertx vertx, int count) {
    this.vertx = vertx;
    this.client =
        vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(count + 16));
  }

  /**
   * Opens {@code devices} device and {@code chats} chat connections; completes once all are
   * connected.
   */
  public Future<Void> open(int port, int devices, int chats) {
    List<Future<Void>> opened = new ArrayList<>();
    for (int i = 0; i < devices + chats; i++) {
      Connection c = new Connection(i, i < devices, vertx.getOrCreateContext());
      connections.add(c);
      Promise<Void> done = Promise.promise();
      c.context.runOnContext(v -> c.open(port).onComplete(done));
      opened.add(done.future());
    }
    return Future.all(opened).mapEmpty();
  }

  /** Connections that got at least one acknowledgement. */
  public long acknowledged() {
    return connections.stream().filter(c -> c.acks > 0).count();
  }

  public List<Connection> connections() {
    return connections;
  }

  /** One connection's story. */
  public final class Connection {
    final int index;
    final boolean device;
    final Context context;
    private final Queue<String> awaitingOk = new ArrayDeque<>();
    private WebSocket socket;
    private int sends;
    private volatile int acks;
    private volatile Short closeCode;
    private volatile long closedAtNanos;

    Connection(int index, boolean device, Context context) {
      this.index = index;
      this.device = device;
      this.context = context;
    }

    public Short closeCode() {
      return closeCode;
    }

    public long closedAtNanos() {
      return closedAtNanos;
    }

    Future<Void> open(int port) {
      WebSocketConnectOptions options =
          new WebSocketConnectOptions()
              .setHost("127.0.0.1")
              .setPort(port)
              .setURI(device ? "/ws" : "/chat");
      return client
          .connect(options)
          .map(
              ws -> {
                socket = ws;
                ws.textMessageHandler(this::onText);
                ws.closeHandler(
                    v -> {
                      closedAtNanos = System.nanoTime();
                      closeCode = ws.closeStatusCode();
                    });
                if (!device) {
                  ws.writeTextMessage("{\"type\":\"subscribe\",\"room\":\"own-" + index + "\"}");
                }
                vertx.setPeriodic(
                    TICK.toMillis(),
                    id -> {
                      if (closeCode != null || sends >= MAX_SENDS) {
                        vertx.cancelTimer(id);
                      } else {
                        tick();
                      }
                    });
                return null;
              });
    }

    private void tick() {
      sends++;
      if (device) {
        for (int f = 0; f < FIXES_PER_TICK; f++) {
          String fix = "dev-" + index + "," + (1_600_000_000L + sends * FIXES_PER_TICK + f);
          awaitingOk.add(fix);
          socket.writeTextMessage(fix + ",44.81,20.46");
        }
      } else if (index % BROADCASTER_EVERY == 0 && sends % 4 == 0) {
        socket.writeTextMessage(
            "{\"type\":\"broadcast\",\"id\":\"b-"
                + index
                + "-"
                + sends
                + "\",\"message\":\"b-"
                + index
                + "-"
                + sends
                + "\"}");
      } else {
        socket.writeTextMessage(
            "{\"type\":\"chat\",\"room\":\"own-"
                + index
                + "\",\"content\":\"c-"
                + index
                + "-"
                + sends
                + "\"}");
      }
    }

    private void onText(String text) {
      if (device) {
        String fix = awaitingOk.poll();
        if ("OK".equals(text) && fix != null) {
          okFixes.add(fix);
          acks++;
        }
        return;
      }
      JsonObject m = new JsonObject(text);
      String type = m.getString("type");
      if ("chat".equals(type) && m.getString("room").equals("own-" + index)) {
        ackedMessages.add(m.getString("content"));
        acks++;
      } else if ("broadcast_ack".equals(type)) {
        ackedMessages.add(m.getString("id"));
        acks++;
      }
    }
  }
}
