package dev.beacon.client;

import dev.beacon.common.protocol.CloseCodes;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * A WebSocket connection that stays up: it fragments large messages and reassembles incoming ones
 * within {@link ClientOptions}' limits, detects a silent server with pings, queues what is sent
 * while it (re)connects with backpressure, and reconnects with {@link ReconnectPolicy} after a
 * transient close.
 *
 * <p>Every method may be called from any thread; handlers run on the socket's Vert.x context (the
 * context current when it is created, or a new event-loop context off Vert.x threads). Call {@link
 * #connect()} once, {@link #close(int, String)} when done.
 */
public final class BeaconSocket {

  /**
   * Local close code when no pong (nor any frame) came back within the pong timeout; reconnects.
   */
  public static final int NO_PONG = CloseCodes.NO_PONG;

  /** Close code of {@link #close()}. */
  public static final int NORMAL = 1000;

  private final Context context;
  private final ClientOptions options;
  private final ConnectionLoop loop;
  private Handler<String> textHandler = text -> {};
  private Handler<Buffer> binaryHandler = data -> {};
  private Handler<Void> openHandler = v -> {};
  private Handler<ClosedEvent> closedHandler = e -> {};
  private Handler<ConnectionState> stateHandler = s -> {};
  private Handler<Void> drainHandler = v -> {};

  /**
   * A socket on {@code vertx} with a WebSocket client of its own; nothing is opened before {@link
   * #connect()}.
   */
  public BeaconSocket(Vertx vertx, ClientOptions options) {
    this(vertx, vertx.createWebSocketClient(options.webSocketClientOptions()), true, options);
  }

  /**
   * A socket that opens its connections through {@code shared}, which the caller owns and closes:
   * for many sockets at once (a device simulator), with a client that allows as many connections.
   * Create {@code shared} from {@link ClientOptions#webSocketClientOptions()} so that the frame
   * limits match.
   */
  public BeaconSocket(Vertx vertx, WebSocketClient shared, ClientOptions options) {
    this(vertx, shared, false, options);
  }

  private BeaconSocket(
      Vertx vertx, WebSocketClient client, boolean ownsClient, ClientOptions options) {
    this.context = vertx.getOrCreateContext();
    this.options = options;
    // the loop keeps the client referenced for the socket's whole life: an unreferenced one is
    // closed by the GC
    this.loop = new ConnectionLoop(vertx, options, client, ownsClient, new Dispatch());
  }

  public ClientOptions options() {
    return options;
  }

  public ConnectionState state() {
    return loop.state();
  }

  /**
   * Opens the connection; completes on the first open, fails if the socket closes for good before.
   */
  public Future<Void> connect() {
    onContext(loop::start);
    return loop.firstOpen().future();
  }

  /**
   * Queues a text message, fragmented when above {@link ClientOptions#maxFrameSize()}. Completes
   * when written; fails fast with {@link MessageTooLargeException}, {@link SendQueueFullException}
   * or when closed.
   */
  public Future<Void> send(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    if (utf8.length > options.maxMessageSize()) {
      return Future.failedFuture(
          new MessageTooLargeException(utf8.length, options.maxMessageSize()));
    }
    return enqueue(() -> Fragmenter.text(text, utf8, options.maxFrameSize()));
  }

  /** As {@link #send(String)} for a binary message. */
  public Future<Void> sendBinary(Buffer data) {
    if (data.length() > options.maxMessageSize()) {
      return Future.failedFuture(
          new MessageTooLargeException(data.length(), options.maxMessageSize()));
    }
    return enqueue(() -> Fragmenter.binary(data, options.maxFrameSize()));
  }

  /** Whether {@link #send(String)} would fail with {@link SendQueueFullException} now. */
  public boolean writeQueueFull() {
    return loop.queueFull();
  }

  /** Closes with 1000 and does not reconnect. */
  public Future<Void> close() {
    return close(NORMAL, "");
  }

  /**
   * Closes with {@code code} and {@code reason}, stops reconnecting, and fails what is still
   * queued. The closed event follows at once: the socket does not wait for a peer that may be gone.
   */
  public Future<Void> close(int code, String reason) {
    Promise<Void> done = Promise.promise();
    onContext(
        () -> {
          loop.close(code, reason);
          done.complete();
        });
    return done.future();
  }

  public BeaconSocket textHandler(Handler<String> handler) {
    this.textHandler = handler;
    return this;
  }

  public BeaconSocket binaryHandler(Handler<Buffer> handler) {
    this.binaryHandler = handler;
    return this;
  }

  /** Called on every open, the first and each reconnect, before queued messages are written. */
  public BeaconSocket openHandler(Handler<Void> handler) {
    this.openHandler = handler;
    return this;
  }

  /**
   * Called each time a connection ends; {@link ClosedEvent#willReconnect()} tells whether another
   * follows.
   */
  public BeaconSocket closedHandler(Handler<ClosedEvent> handler) {
    this.closedHandler = handler;
    return this;
  }

  public BeaconSocket stateHandler(Handler<ConnectionState> handler) {
    this.stateHandler = handler;
    return this;
  }

  /** Called when the send queue, after refusing a message, is half empty again. */
  public BeaconSocket drainHandler(Handler<Void> handler) {
    this.drainHandler = handler;
    return this;
  }

  /** Runs {@code action} on the socket's context, at once when already there. */
  void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  private Future<Void> enqueue(Supplier<List<WebSocketFrame>> frames) {
    Promise<Void> written = Promise.promise();
    onContext(() -> loop.enqueue(frames.get(), written));
    return written.future();
  }

  /** Hands the loop's events to the handlers installed now. */
  private final class Dispatch implements ConnectionLoop.Events {
    @Override
    public void text(String text) {
      textHandler.handle(text);
    }

    @Override
    public void binary(Buffer data) {
      binaryHandler.handle(data);
    }

    @Override
    public void opened() {
      openHandler.handle(null);
    }

    @Override
    public void closed(ClosedEvent event) {
      closedHandler.handle(event);
    }

    @Override
    public void state(ConnectionState state) {
      stateHandler.handle(state);
    }

    @Override
    public void drained() {
      drainHandler.handle(null);
    }
  }
}
