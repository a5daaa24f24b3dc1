package dev.beacon.tools.bench.soak;

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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's mixed traffic, all event-driven on one Vert.x instance: devices sending fixes and
 * waiting for each {@code OK}, chat rooms with a publisher and followers (who resubscribe with
 * their last position when dropped), connections opening and closing, and slow readers that never
 * read a busy room until the gateway closes them.
 *
 * <p>Raw Vert.x WebSockets, not the client library: slow readers must stop reading at the socket,
 * and the soak counts losses and duplicates itself, which a client's own recovery would hide.
 */
final class SoakTraffic {

  static final String SLOW_ROOM = "soak-slow";
  private static final long RECONNECT_MS = 500;
  private static final long SLOW_READ_EVERY_MS = 90_000;
  private static final long SLOW_READ_FOR_MS = 1_000;

  private final Vertx vertx;
  private final URI gateway;
  private final SoakConfig config;
  private final WebSocketClient client;
  private final WebSocketClient slowClient;
  private final List<Long> timers = new ArrayList<>();
  private final Set<String> acked = ConcurrentHashMap.newKeySet();
  private final Map<String, Set<Integer>> accepted = new ConcurrentHashMap<>();
  private final List<Follower> followers = new ArrayList<>();
  private final Map<String, AtomicLong> closes = new ConcurrentHashMap<>();
  final AtomicLong fixErrors = new AtomicLong();
  final AtomicLong churned = new AtomicLong();
  final AtomicLong connectFailures = new AtomicLong();
  private volatile boolean running = true;

  SoakTraffic(Vertx vertx, URI gateway, SoakConfig config) {
    this.vertx = vertx;
    this.gateway = gateway;
    this.config = config;
    this.client =
        vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(10_000));
    this.slowClient =
        vertx.createWebSocketClient(
            new WebSocketClientOptions().setMaxConnections(1000).setReceiveBufferSize(4096));
  }

  /** Starts followers first, then (once they are subscribed) everything else. */
  void start() {
    for (int r = 0; r < config.rooms(); r++) {
      String room = "soak-" + r;
      accepted.put(room, ConcurrentHashMap.newKeySet());
      for (int f = 0; f < config.followers(); f++) {
        Follower follower = new Follower(room);
        followers.add(follower);
        follower.connect();
      }
    }
    long end = System.nanoTime() + 30_000_000_000L;
    while (followers.stream().anyMatch(f -> !f.subscribed) && System.nanoTime() < end) {
      Thread.onSpinWait();
    }
    accepted.keySet().forEach(this::publisher);
    publisher(SLOW_ROOM, 20, 4000);
    for (int d = 0; d < config.devices(); d++) {
      device("soak-dev-" + d);
    }
    if (config.churnPerSecond() > 0) {
      timers.add(vertx.setPeriodic(Math.max(1, 1000 / config.churnPerSecond()), t -> churn()));
    }
    for (int s = 0; s < config.slowReaders(); s++) {
      slowReader();
    }
  }

  void stop() {
    running = false;
    timers.forEach(vertx::cancelTimer);
  }

  Set<String> acked() {
    return Set.copyOf(acked);
  }

  Map<String, Long> closeCodes() {
    Map<String, Long> out = new java.util.TreeMap<>();
    closes.forEach((code, n) -> out.put(code, n.get()));
    return out;
  }

  /**
   * Messages accepted (echoed to their publisher) that some follower of their room never received.
   */
  long lost() {
    return followers.stream().mapToLong(f -> f.missing(accepted.get(f.room))).sum();
  }

  long duplicates() {
    return followers.stream().mapToLong(f -> f.duplicates.get()).sum();
  }

  long acceptedMessages() {
    return accepted.values().stream().mapToLong(Set::size).sum();
  }

  private void connect(
      WebSocketClient via,
      String path,
      java.util.function.Consumer<WebSocket> onOpen,
      Runnable onClosed) {
    if (!running) {
      return;
    }
    via.connect(
            new WebSocketConnectOptions()
                .setHost(gateway.getHost())
                .setPort(gateway.getPort())
                .setURI(path))
        .onSuccess(
            ws -> {
              ws.closeHandler(
                  v -> {
                    closes
                        .computeIfAbsent(
                            String.valueOf(ws.closeStatusCode()), c -> new AtomicLong())
                        .incrementAndGet();
                    onClosed.run();
                  });
              onOpen.accept(ws);
            })
        .onFailure(
            e -> {
              connectFailures.incrementAndGet();
              vertx.setTimer(RECONNECT_MS, t -> connect(via, path, onOpen, onClosed));
            });
  }

  private void device(String id) {
    long[] ts = {System.currentTimeMillis()};
    String[] pending = new String[1];
    connect(
        client,
        "/",
        ws -> {
          Runnable next =
              () -> {
                if (!running) {
                  return;
                }
                ts[0] = Math.max(ts[0] + 1, System.currentTimeMillis());
                pending[0] = id + "|" + ts[0];
                ws.writeTextMessage(
                    id + "," + ts[0] + ",44.8" + (ts[0] % 1000) + ",20.4" + (ts[0] % 997));
              };
          ws.textMessageHandler(
              reply -> {
                if ("OK".equals(reply)) {
                  acked.add(pending[0]);
                } else {
                  fixErrors.incrementAndGet();
                }
                vertx.setTimer(100, t -> next.run());
              });
          next.run();
        },
        () -> vertx.setTimer(RECONNECT_MS, t -> device(id)));
  }

  private void publisher(String room) {
    publisher(room, 5, 40);
  }

  /** Sends {@code perSecond} messages of about {@code size} characters into {@code room}. */
  private void publisher(String room, int perSecond, int size) {
    String padding = "x".repeat(size);
    connect(
        client,
        "/chat",
        ws -> {
          int[] n = {0};
          ws.textMessageHandler(
              text -> {
                JsonObject m = new JsonObject(text);
                if ("chat".equals(m.getString("type"))
                    && room.equals(m.getString("room"))
                    && accepted.containsKey(room)) {
                  accepted.get(room).add(Integer.parseInt(m.getString("content").split(" ")[0]));
                }
              });
          ws.writeTextMessage(new JsonObject().put("type", "subscribe").put("room", room).encode());
          long timer =
              vertx.setPeriodic(
                  1000 / perSecond,
                  t -> {
                    if (running && !ws.isClosed()) {
                      ws.writeTextMessage(
                          new JsonObject()
                              .put("type", "chat")
                              .put("room", room)
                              .put("sender", "soak")
                              .put("content", n[0]++ + " " + padding)
                              .encode());
                    }
                  });
          timers.add(timer);
        },
        () -> vertx.setTimer(RECONNECT_MS, t -> publisher(room, perSecond, size)));
  }

  private void churn() {
    connect(
        client,
        "/chat",
        ws -> {
          churned.incrementAndGet();
          ws.writeTextMessage(
              new JsonObject().put("type", "subscribe").put("room", "soak-0").encode());
          vertx.setTimer(2000, t -> ws.close());
        },
        () -> {});
  }

  /**
   * A reader that stops reading. The gateway closes it with 4001 when it misses the pong of a
   * heartbeat ping (it reads nothing, pings included) or with 4010 once its unflushed bytes pass
   * {@code BEACON_MAX_OUTBOUND_BYTES}, whichever comes first. A paused socket never sees that close
   * either, so every {@link #SLOW_READ_EVERY_MS} it reads what has arrived for a moment, sees the
   * close, and connects again.
   */
  private void slowReader() {
    long[] timer = {-1};
    connect(
        slowClient,
        "/chat",
        ws -> {
          ws.writeTextMessage(
              new JsonObject().put("type", "subscribe").put("room", SLOW_ROOM).encode());
          ws.pause();
          timer[0] =
              vertx.setPeriodic(
                  SLOW_READ_EVERY_MS,
                  t -> {
                    ws.resume();
                    vertx.setTimer(SLOW_READ_FOR_MS, t2 -> ws.pause());
                  });
        },
        () -> {
          vertx.cancelTimer(timer[0]);
          vertx.setTimer(RECONNECT_MS, t -> slowReader());
        });
  }

  /** A member of one room that resubscribes from its last position after every reconnect. */
  private final class Follower {
    final String room;
    final Set<Integer> seen = ConcurrentHashMap.newKeySet();
    final AtomicLong duplicates = new AtomicLong();
    volatile boolean subscribed;
    private String lastPos;

    Follower(String room) {
      this.room = room;
    }

    void connect() {
      SoakTraffic.this.connect(
          client,
          "/chat",
          ws -> {
            ws.textMessageHandler(
                text -> {
                  JsonObject m = new JsonObject(text);
                  String type = m.getString("type");
                  if ("subscribed".equals(type)) {
                    subscribed = true;
                  } else if ("chat".equals(type) && room.equals(m.getString("room"))) {
                    if (!seen.add(Integer.parseInt(m.getString("content").split(" ")[0]))) {
                      duplicates.incrementAndGet();
                    }
                    lastPos = m.getString("pos");
                  }
                });
            JsonObject subscribe = new JsonObject().put("type", "subscribe").put("room", room);
            if (lastPos != null) {
              subscribe.put("since", lastPos);
            }
            ws.writeTextMessage(subscribe.encode());
          },
          () -> vertx.setTimer(RECONNECT_MS, t -> connect()));
    }

    long missing(Set<Integer> acceptedInRoom) {
      return acceptedInRoom.stream().filter(n -> !seen.contains(n)).count();
    }
  }
}
