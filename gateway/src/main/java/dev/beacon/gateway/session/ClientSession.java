package dev.beacon.gateway.session;

import dev.beacon.common.protocol.CloseCodes;
import dev.beacon.common.protocol.ErrorCode;
import dev.beacon.gateway.dispatch.JsonMessageRouter;
import dev.beacon.gateway.edge.ClientSocket;
import dev.beacon.gateway.edge.OutboundFrame;
import dev.beacon.gateway.gps.GpsIntake;
import dev.beacon.gateway.messaging.MessagingClient;
import dev.beacon.gateway.metrics.GatewayMetrics;
import dev.beacon.gateway.security.DeviceIdentity;
import dev.beacon.gateway.security.SessionGuard;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection: reassembles its text messages, hands each to the CSV or JSON path, and
 * writes the replies back in arrival order through its {@link ReplyQueue}.
 *
 * <p>Close codes it sends: {@value CloseCodes#UNSUPPORTED_DATA} binary frame, {@value
 * CloseCodes#INVALID_PAYLOAD} invalid UTF-8, {@value CloseCodes#MESSAGE_TOO_BIG} frame or message
 * too big (both measured by its {@link ClientSocket}), {@value CloseCodes#TOO_MANY_IN_FLIGHT} more
 * than {@code maxInFlightPerConnection} frames awaiting replies, {@value CloseCodes#SLOW_CONSUMER}
 * deliveries piling up unread ({@link MessagingClient}), {@value CloseCodes#GOING_AWAY} gateway
 * shutting down ({@link #drainThenClose}), an operator's code (default {@value
 * CloseCodes#DISCONNECTED}) when {@link ConnectionHub#disconnect} asks, {@value
 * CloseCodes#RATE_LIMITED} messages faster than the rate limit and {@value
 * CloseCodes#TOKEN_EXPIRED} token expired ({@link SessionGuard}), {@value CloseCodes#INVALID_KEY}
 * after {@code ERR invalid_key} for a refused {@code KEY} frame ({@link
 * DeviceIdentity#presentKey}). Everything it holds is dropped when the connection closes, however
 * it closes.
 */
public final class ClientSession
    implements ClientSocket.Listener, MessagingClient.Connection, LiveConnection, PingSweep.Pinged {

  private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
  private static final int MAX_CLOSE_REASON_BYTES = 123;

  private final ClientSocket socket;
  private final String clientId;
  private final String gatewayId;
  private final SessionGuard guard;
  private final int maxInFlight;
  private final GpsIntake gps;
  private final JsonMessageRouter json;
  private final ReplyQueue replies = new ReplyQueue(this::write);
  private final PingSweep pings;
  private final MessagingClient messaging;
  private final ConnectionHub hub;
  private final Context context = Vertx.currentContext();

  /**
   * When the upgrade completed, epoch milliseconds; the rest of {@link #info()} is read from the
   * socket.
   */
  private final long connectedAt = System.currentTimeMillis();

  private final GatewayMetrics metrics;
  private String connectionKind;

  /**
   * On the messaging path every frame is JSON: a CSV line gets {@code invalid_json}, never {@code
   * ERR}.
   */
  private boolean jsonOnly;

  private boolean closed;
  private boolean draining;

  /** Whether a text frame came already: a {@code KEY} frame is taken only first. */
  private boolean heardText;

  private long lastHeard = System.nanoTime();
  private long pingSentAt;

  /**
   * Makes an upgraded socket a session of the event loop {@code loop} and starts it.
   *
   * @param messagingFromStart true on the messaging path: welcome at once, no need to ask first
   */
  public static void open(
      ClientSocket socket, EventLoopParts loop, SessionGuard guard, boolean messagingFromStart) {
    new ClientSession(socket, loop, guard).start(messagingFromStart);
  }

  private ClientSession(ClientSocket socket, EventLoopParts loop, SessionGuard guard) {
    this.metrics = loop.metrics();
    this.socket = socket;
    this.guard = guard;
    this.clientId = guard.clientId();
    this.hub = loop.hub();
    this.gatewayId = loop.gatewayId();
    this.pings = loop.pings();
    this.maxInFlight = loop.maxInFlight();
    this.gps = loop.gps();
    this.json = loop.json();
    this.messaging =
        new MessagingClient(
            clientId,
            gatewayId,
            socket.remoteAddress(),
            this,
            loop.directory(),
            loop.presence(),
            loop.limits(),
            guard);
  }

  /**
   * @param messagingFromStart true on the messaging path: welcome at once, no need to ask first
   */
  void start(boolean messagingFromStart) {
    connectionKind = GatewayMetrics.ConnectionKind.of(messagingFromStart);
    jsonOnly = messagingFromStart;
    metrics.connected(connectionKind);
    pings.add(this);
    guard.start(this::close);
    log.debug("client {} connected from {}", clientId, socket.remoteAddress());
    hub.opened(this);
    if (messagingFromStart) {
      messaging.activate();
    }
    socket.start(this);
  }

  @Override
  public String clientId() {
    return clientId;
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public void serverSubscribe(String room) {
    if (!closed && !messaging.serverSubscribe(room)) {
      log.info(
          "client {} not subscribed to room {} by the server: it already follows as many rooms as"
              + " it may (BEACON_MAX_ROOMS_PER_CONNECTION)",
          clientId(),
          room);
    }
  }

  @Override
  public void serverUnsubscribe(String room) {
    if (!closed) {
      messaging.serverUnsubscribe(room);
    }
  }

  /**
   * The connection as it opened, built when asked (by a listener or the admin API) rather than
   * kept: the socket holds the handshake's header block already, and a map per connection would
   * cost heap on every connection.
   */
  @Override
  public ConnectionInfo info() {
    return new ConnectionInfo(
        clientId, gatewayId, socket.remoteAddress(), socket.path(), connectedAt, socket.headers());
  }

  @Override
  public void onText(String text) {
    if (closed || draining) {
      // Draining: only the replies owed for frames accepted before the drain are still written.
      return;
    }
    if (!guard.allowMessage()) {
      close(
          CloseCodes.RATE_LIMITED,
          "messages faster than this connection's rate limit; reconnect and send slower");
      return;
    }
    if (replies.size() >= maxInFlight) {
      close(
          CloseCodes.TOO_MANY_IN_FLIGHT,
          "more than "
              + maxInFlight
              + " frames awaiting replies; wait for replies before sending more (window "
              + maxInFlight
              + ")");
      return;
    }
    boolean firstFrame = !heardText;
    heardText = true;
    if (!jsonOnly && text.startsWith(DeviceIdentity.KEY_FRAME)) {
      // Not handed to listeners: the frame holds a secret.
      presentKey(text.substring(DeviceIdentity.KEY_FRAME.length()).strip(), firstFrame);
      return;
    }
    // Dispatching may queue a welcome, which must go out before this frame's reply: dispatch first,
    // then add.
    Future<String> reply = dispatch(text, System.currentTimeMillis());
    replies.add(reply);
    hub.message(this, text);
  }

  /**
   * {@code KEY <key>}: {@code OK}, or {@code ERR invalid_key: ...} and the close once that is
   * written.
   */
  private void presentKey(String key, boolean firstFrame) {
    String refusal = guard.devices().presentKey(key, firstFrame);
    if (refusal == null) {
      log.debug("client {} holds {}", clientId, guard.devices().access().describe());
      replies.add(Future.succeededFuture(GpsIntake.OK));
      return;
    }
    log.debug("client {} KEY refused: {}", clientId, refusal);
    // Read nothing more: the connection closes as soon as the refusal is written.
    draining = true;
    replies.add(
        Future.succeededFuture("ERR " + ErrorCode.INVALID_KEY.code() + ": " + refusal),
        () -> close(CloseCodes.INVALID_KEY, "invalid device key; see the ERR reply"));
  }

  private Future<String> dispatch(String text, long receivedAt) {
    if (jsonOnly || isJson(text)) {
      return json.route(text, messaging, receivedAt);
    }
    metrics.csvIn();
    return gps.csvLine(text, receivedAt, guard.devices());
  }

  @Override
  public void reply(String text, Runnable afterWritten) {
    replies.add(Future.succeededFuture(text), afterWritten);
  }

  @Override
  public void write(OutboundFrame frame) {
    metrics.deliveryOut();
    socket.writeDelivery(frame);
  }

  @Override
  public long queuedBytes() {
    return socket.queuedBytes();
  }

  /** JSON frames start with an object; anything else is a device line. */
  static boolean isJson(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c)) {
        return c == '{';
      }
    }
    return false;
  }

  @Override
  public void onHeard() {
    lastHeard = System.nanoTime();
    pingSentAt = 0;
  }

  /** Control frames count against the rate limit like messages: each ping costs a pong. */
  @Override
  public void onControlFrame() {
    if (!closed && !guard.allowMessage()) {
      close(
          CloseCodes.RATE_LIMITED,
          "frames (pings included) faster than this connection's rate limit; "
              + "reconnect and send slower");
    }
  }

  @Override
  public void onWritable() {
    socket.resumeReading();
  }

  @Override
  public void onShutdown() {
    drainThenClose();
  }

  @Override
  public void pingTick(long now, long intervalNanos, long timeoutNanos) {
    if (pingSentAt != 0) {
      if (now - pingSentAt >= timeoutNanos) {
        close(
            CloseCodes.NO_PONG,
            "no pong within " + timeoutNanos / 1_000_000 + " ms of a ping; reconnect");
      }
    } else if (now - lastHeard >= intervalNanos) {
      pingSentAt = now;
      socket.ping();
    }
  }

  @Override
  public void onViolation(short closeCode, String reason) {
    close(closeCode, reason);
  }

  private void write(String reply) {
    if (closed) {
      return;
    }
    socket.writeText(reply);
    metrics.replyOut(reply);
    if (!socket.writable()) {
      // The client is not reading its replies: stop reading its frames until it catches up.
      socket.pauseReading();
    }
  }

  /**
   * Graceful stop: reads no more frames, writes the replies still owed, then closes with 1001. The
   * close is queued behind the last reply, so a reply that writes nothing (a chat's, whose author
   * gets the chat itself) cannot hold it up.
   */
  @Override
  public void drainThenClose() {
    if (draining || closed) {
      return;
    }
    draining = true;
    replies.add(
        Future.<String>succeededFuture(null),
        () -> close(CloseCodes.GOING_AWAY, "gateway shutting down; reconnect"));
  }

  @Override
  public void close(short code, String reason) {
    if (closed) {
      return;
    }
    log.debug("closing client {} with {}: {}", clientId, code, reason);
    metrics.closed(code);
    if (code == CloseCodes.SLOW_CONSUMER) {
      metrics.queuedAtSlowClose(socket.queuedBytes());
    }
    release();
    socket.close(code, truncate(reason));
  }

  @Override
  public void onClosed(short code, String reason) {
    if (!closed) {
      log.debug("client {} disconnected with {} replies pending", clientId, replies.size());
    }
    release();
    hub.closed(this, code, reason);
  }

  private void release() {
    if (!closed && connectionKind != null) {
      metrics.disconnected(connectionKind);
    }
    closed = true;
    pings.remove(this);
    replies.discard();
    messaging.release();
    guard.release();
  }

  /** RFC 6455 limits a close reason to 123 bytes of UTF-8. */
  static String truncate(String reason) {
    String text = reason == null ? "" : reason;
    while (text.getBytes(StandardCharsets.UTF_8).length > MAX_CLOSE_REASON_BYTES) {
      text = text.substring(0, text.length() - 1);
    }
    return text;
  }
}
