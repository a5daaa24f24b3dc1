package dev.beacon.client;

import dev.beacon.common.protocol.RawJson;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of Beacon's real-time messaging ({@code /chat}, see {@code docs/protocol.md}): rooms,
 * chat, JSON publications, broadcast, direct messages, ping, stats, history, presence and
 * join/leave events over a {@link BeaconSocket}.
 *
 * <p>It keeps the last stream position of every room it follows (the rooms it joined, and {@code
 * lobby}, which every chat client is in) and, after each reconnect, resubscribes to them with
 * {@code since}: the caller sees every message once, in order, with no code of its own. A room
 * whose gap could not be filled is reported to {@link #recoveryLostHandler(Handler)}. Every method
 * may be called from any thread; handlers run on the client's Vert.x context.
 */
public final class BeaconClient {

  /** The room every {@code /chat} client is in from its {@code welcome} on. */
  public static final String LOBBY = "lobby";

  /** Most messages one {@code history} page holds. */
  public static final int MAX_HISTORY_LIMIT = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(BeaconClient.class);

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final BeaconSocket socket;
  private final PendingRequests requests;
  private final RoomFollower rooms;
  private final Promise<String> firstWelcome = Promise.promise();
  private volatile String clientId;
  private volatile String gateway;
  private volatile int welcomes;
  private String sender;
  private Handler<JsonObject> messageHandler = m -> {};
  private Handler<Publication> publicationHandler = p -> {};
  private Handler<JoinLeave> joinLeaveHandler = e -> {};

  /**
   * The exact text of each received message's {@code data}, until it is delivered; weak, so a
   * message dropped as a duplicate takes its entry with it.
   */
  private final Map<JsonObject, String> rawData = new WeakHashMap<>();

  private Handler<JsonObject> recoveryLostHandler = m -> {};
  private Handler<JsonObject> welcomeHandler = m -> {};
  private Handler<ClosedEvent> closedHandler = e -> {};

  private BeaconClient(Vertx vertx, boolean ownsVertx, ClientOptions options) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.socket = new BeaconSocket(vertx, options);
    this.requests = new PendingRequests(vertx, options.requestTimeout().toMillis());
    this.rooms =
        new RoomFollower(this::sendRequest, this::deliver, m -> recoveryLostHandler.handle(m));
    socket.textHandler(this::onText);
    socket.closedHandler(
        event -> {
          requests.failAll("connection closed: " + event);
          rooms.onClosed(event);
          closedHandler.handle(event);
        });
  }

  /** A client on the caller's Vert.x instance. */
  public static BeaconClient create(Vertx vertx, ClientOptions options) {
    return new BeaconClient(vertx, false, options);
  }

  /** A client with a Vert.x instance of its own, closed by {@link #close()}. */
  public static BeaconClient create(ClientOptions options) {
    return new BeaconClient(Vertx.vertx(), true, options);
  }

  /**
   * The low-level socket: state, state handler, drain handler. Set no text, open or closed handler
   * on it: the client owns those ({@link #closedHandler(Handler)} is the closed event).
   */
  public BeaconSocket socket() {
    return socket;
  }

  /**
   * Connects; completes with this connection's client id once the server's {@code welcome} arrived.
   */
  public Future<String> connect() {
    socket.connect().onFailure(firstWelcome::tryFail);
    return firstWelcome.future();
  }

  /**
   * The client id of the current connection (a new one after each reconnect), or null before the
   * first.
   */
  public String clientId() {
    return clientId;
  }

  /** The gateway of the current connection, from its {@code welcome}. */
  public String gateway() {
    return gateway;
  }

  /** How many {@code welcome}s arrived: 1 after the first connect, one more per reconnect. */
  public int connections() {
    return welcomes;
  }

  /** The name sent as {@code sender} / {@code from}; null means {@code anonymous}. */
  public BeaconClient sender(String name) {
    this.sender = name;
    return this;
  }

  /**
   * Every server message that is not the reply to a request, duplicates after a recovery removed.
   */
  public BeaconClient messageHandler(Handler<JsonObject> handler) {
    this.messageHandler = handler;
    return this;
  }

  /**
   * Every delivered message that carries a JSON payload ({@code data}), after {@link
   * #messageHandler(Handler)} saw it: its raw JSON text as the author sent it and a parsed view.
   */
  public BeaconClient publicationHandler(Handler<Publication> handler) {
    this.publicationHandler = handler;
    return this;
  }

  /**
   * Every {@code join} and {@code leave} of the channels this client is subscribed to whose
   * namespace has join/leave on, after {@link #messageHandler(Handler)} saw it.
   */
  public BeaconClient joinLeaveHandler(Handler<JoinLeave> handler) {
    this.joinLeaveHandler = handler;
    return this;
  }

  /**
   * A {@code subscribed} with {@code recovered:false} after a reconnect: messages of that room were
   * lost.
   */
  public BeaconClient recoveryLostHandler(Handler<JsonObject> handler) {
    this.recoveryLostHandler = handler;
    return this;
  }

  /**
   * Each end of a connection, with its code and reason; {@link ClosedEvent#willReconnect()} tells
   * what follows.
   */
  public BeaconClient closedHandler(Handler<ClosedEvent> handler) {
    this.closedHandler = handler;
    return this;
  }

  /** Each {@code welcome}, the first and one per reconnect. */
  public BeaconClient welcomeHandler(Handler<JsonObject> handler) {
    this.welcomeHandler = handler;
    return this;
  }

  /**
   * Joins {@code room} (from its last position, if it had one); completes with the {@code
   * subscribed} reply. Before the connection's {@code welcome}, the join waits for it.
   */
  public Future<JsonObject> join(String room) {
    return onContext(() -> rooms.join(room));
  }

  /** Leaves {@code room}; it is no longer recovered on reconnect. */
  public Future<JsonObject> leave(String room) {
    return onContext(() -> rooms.leave(room));
  }

  /**
   * Sends a chat message to {@code room}; completes when written (the room's copy comes back as a
   * message).
   */
  public Future<Void> chat(String room, String content) {
    return socket.send(
        new JsonObject()
            .put("type", "chat")
            .put("sender", sender)
            .put("room", room)
            .put("content", content)
            .encode());
  }

  /**
   * Publishes {@code data} to {@code channel}: any value Vert.x encodes as JSON ({@link
   * JsonObject}, {@link io.vertx.core.json.JsonArray}, Map, List, String, Number, Boolean, null);
   * completes when written. Subscribers receive it as a {@code chat} whose {@code data} is the JSON
   * text sent.
   */
  public Future<Void> publish(String channel, Object data) {
    return publishJson(channel, Json.encode(data));
  }

  /**
   * Publishes {@code json}, JSON text, to {@code channel} as it is: subscribers receive these very
   * bytes as {@code data}.
   *
   * @throws IllegalArgumentException when {@code json} is not one JSON value
   */
  public Future<Void> publishJson(String channel, String json) {
    Json.decodeValue(json); // refuse what is not JSON before the server does
    return socket.send(
        "{\"type\":\"publish\",\"channel\":"
            + Json.encode(channel)
            + (sender == null ? "" : ",\"sender\":" + Json.encode(sender))
            + ",\"data\":"
            + json
            + "}");
  }

  /** Sends a broadcast to every client; completes with the {@code broadcast_ack}. */
  public Future<JsonObject> broadcast(String message) {
    return onContext(
        () ->
            request(
                new JsonObject()
                    .put("type", "broadcast")
                    .put("from", sender)
                    .put("message", message)));
  }

  /** Sends a direct message to client {@code to}; completes when written. */
  public Future<Void> direct(String to, String content) {
    return socket.send(
        new JsonObject()
            .put("type", "direct")
            .put("to", to)
            .put("sender", sender)
            .put("content", content)
            .encode());
  }

  /** An application-level ping; completes with the {@code pong}. */
  public Future<JsonObject> ping() {
    return onContext(() -> request(new JsonObject().put("type", "ping")));
  }

  /**
   * The gateway's {@code stats}: {@code connected_clients}, {@code server_uptime}, {@code
   * total_messages}.
   */
  public Future<JsonObject> stats() {
    return onContext(
        () -> request(new JsonObject().put("type", "custom").put("action", "get_stats")));
  }

  /**
   * Who is subscribed to {@code channel}, cluster-wide; fails with {@link BeaconErrorException}
   * {@code presence_not_allowed} where the channel's namespace has presence off.
   */
  public Future<Presence> presence(String channel) {
    return onContext(() -> request(new JsonObject().put("type", "presence").put("room", channel)))
        .map(Presence::of);
  }

  /** How many clients and users are subscribed to {@code channel}, cluster-wide. */
  public Future<PresenceStats> presenceStats(String channel) {
    return onContext(
            () -> request(new JsonObject().put("type", "presence_stats").put("room", channel)))
        .map(PresenceStats::of);
  }

  /** The first page of {@code channel}'s history, oldest first, as many messages as allowed. */
  public Future<HistoryPage> history(String channel) {
    return history(channel, MAX_HISTORY_LIMIT, null, false);
  }

  /**
   * A page of {@code channel}'s history: at most {@code limit} (1 to {@value #MAX_HISTORY_LIMIT})
   * messages after {@code since} (oldest first) or before it ({@code reverse}, newest first); a
   * null {@code since} starts at the oldest or newest message. To page on, pass the page's {@link
   * HistoryPage#next()} as {@code since}. Fails with {@link BeaconErrorException} {@code
   * history_off} or {@code position_lost} (ask again without {@code since}).
   */
  public Future<HistoryPage> history(String channel, int limit, String since, boolean reverse) {
    if (limit < 1 || limit > MAX_HISTORY_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be 1 to " + MAX_HISTORY_LIMIT + ", got " + limit);
    }
    JsonObject request =
        new JsonObject()
            .put("type", "history")
            .put("room", channel)
            .put("limit", limit)
            .put("reverse", reverse);
    if (since != null) {
      request.put("since", since);
    }
    return onContext(() -> request(request)).map(HistoryPage::of);
  }

  /**
   * Sends any request and completes with the reply that echoes its id (fails on an {@code error}
   * reply).
   */
  public Future<JsonObject> request(JsonObject request) {
    return onContext(() -> sendRequest(request));
  }

  /** The rooms this client recovers on reconnect. */
  public Set<String> rooms() {
    return rooms.rooms();
  }

  /** Closes with 1000 for good, and the Vert.x instance when the client owns it. */
  public Future<Void> close() {
    return close(BeaconSocket.NORMAL, "");
  }

  /**
   * Closes with {@code code} and {@code reason} for good, and the Vert.x instance when the client
   * owns it.
   */
  public Future<Void> close(int code, String reason) {
    Future<Void> closed = socket.close(code, reason);
    return ownsVertx ? closed.eventually(vertx::close) : closed;
  }

  private void onText(String text) {
    JsonObject message;
    try {
      message = new JsonObject(text);
    } catch (RuntimeException e) {
      LOG.debug("ignored a server message that is not JSON: {}", text);
      return;
    }
    if (message.containsKey("data")) {
      rawData.put(message, RawJson.field(text, "data"));
    }
    String type = message.getString("type", "");
    if ("welcome".equals(type)) {
      onWelcome(message);
    } else if (!requests.complete(message)) {
      rooms.onMessage(message);
    }
  }

  private void deliver(JsonObject message) {
    String raw = rawData.remove(message);
    messageHandler.handle(message);
    String type = message.getString("type", "");
    if ("join".equals(type) || "leave".equals(type)) {
      joinLeaveHandler.handle(JoinLeave.of(message));
    }
    if (raw != null && !"error".equals(message.getString("type"))) {
      publicationHandler.handle(
          new Publication(message.getString("type"), message.getString("room"), raw, message));
    }
  }

  private Future<JsonObject> sendRequest(JsonObject request) {
    Future<JsonObject> reply = requests.register(request);
    String id = request.getString("id");
    socket.send(request.encode()).onFailure(failure -> requests.fail(id, failure.getMessage()));
    return reply;
  }

  private void onWelcome(JsonObject welcome) {
    clientId = welcome.getString("client_id");
    gateway = welcome.getString("gateway");
    boolean reconnect = welcomes++ > 0;
    welcomeHandler.handle(welcome);
    rooms.onWelcome(reconnect);
    firstWelcome.tryComplete(clientId);
  }

  private <T> Future<T> onContext(Supplier<Future<T>> action) {
    Promise<T> result = Promise.promise();
    socket.onContext(() -> action.get().onComplete(result));
    return result.future();
  }
}
