package dev.beacon.client;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketFrame;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine behind a {@link BeaconSocket}: connect, open, end, back off and reconnect or
 * finish, with the send queue written whenever a link is open and writable. Used from the socket's
 * context only.
 */
final class ConnectionLoop implements Link.Listener {

  /** What the loop reports to its socket. */
  interface Events {
    void text(String text);

    void binary(Buffer data);

    void opened();

    void closed(ClosedEvent event);

    void state(ConnectionState state);

    void drained();
  }

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLoop.class);

  private final Vertx vertx;
  private final ClientOptions options;
  private final WebSocketClient client;
  private final boolean ownsClient;
  private final Events events;
  private final SendQueue queue;
  private final Promise<Void> firstOpen = Promise.promise();
  private volatile ConnectionState state = ConnectionState.CONNECTING;
  private Link link;
  private int attempt;
  private long retryTimer = -1;
  private boolean started;

  ConnectionLoop(
      Vertx vertx,
      ClientOptions options,
      WebSocketClient client,
      boolean ownsClient,
      Events events) {
    this.vertx = vertx;
    this.options = options;
    this.client = client;
    this.ownsClient = ownsClient;
    this.events = events;
    this.queue = new SendQueue(options.sendQueueLimit());
  }

  ConnectionState state() {
    return state;
  }

  boolean queueFull() {
    return queue.full();
  }

  Promise<Void> firstOpen() {
    return firstOpen;
  }

  void start() {
    if (!started) {
      started = true;
      attemptConnect();
    }
  }

  void enqueue(List<WebSocketFrame> frames, Promise<Void> written) {
    if (state == ConnectionState.CLOSING || state == ConnectionState.CLOSED) {
      written.fail(new IllegalStateException("socket to " + options.uri() + " is " + state));
      return;
    }
    queue.offer(frames, written);
    flush();
  }

  void close(int code, String reason) {
    if (state == ConnectionState.CLOSING || state == ConnectionState.CLOSED) {
      return;
    }
    vertx.cancelTimer(retryTimer);
    setState(ConnectionState.CLOSING);
    if (link != null) {
      link.close(code, reason);
    } else {
      finish(new ClosedEvent(code, reason, true, false));
    }
  }

  private void attemptConnect() {
    retryTimer = -1;
    client
        .connect(options.connectOptions())
        .onComplete(
            result -> {
              if (result.succeeded()) {
                opened(new Link(vertx, result.result(), options, this));
              } else {
                connectFailed(result.cause());
              }
            });
  }

  private void opened(Link opened) {
    if (state != ConnectionState.CONNECTING) {
      opened.close(BeaconSocket.NORMAL, "");
      return;
    }
    link = opened;
    attempt = 0;
    LOG.debug("connected to {}", options.uri());
    setState(ConnectionState.OPEN);
    events.opened();
    firstOpen.tryComplete();
    flush();
  }

  private void connectFailed(Throwable cause) {
    boolean transientFailure =
        !(cause instanceof UpgradeRejectedException rejected)
            || ReconnectPolicy.isTransientHttpStatus(rejected.getStatus());
    String reason =
        cause instanceof UpgradeRejectedException rejected
            ? "upgrade refused with HTTP " + rejected.getStatus()
            : String.valueOf(cause.getMessage());
    LOG.debug("connect to {} failed: {}", options.uri(), reason);
    if (state == ConnectionState.CONNECTING) {
      ended(ClosedEvent.ABNORMAL, reason, false, transientFailure);
    }
  }

  private void ended(int code, String reason, boolean byClient, boolean transientClose) {
    if (state == ConnectionState.CLOSING
        || !transientClose
        || !options.reconnect().allowsAttempt(attempt + 1)) {
      finish(new ClosedEvent(code, reason, byClient, false));
      return;
    }
    attempt++;
    long delay =
        options
            .reconnect()
            .delayBefore(attempt, ThreadLocalRandom.current()::nextDouble)
            .toMillis();
    LOG.debug(
        "connection to {} ended with {} {}; reconnect attempt {} in {} ms",
        options.uri(),
        code,
        reason,
        attempt,
        delay);
    setState(ConnectionState.CONNECTING);
    events.closed(new ClosedEvent(code, reason, byClient, true));
    retryTimer = vertx.setTimer(Math.max(1, delay), id -> attemptConnect());
  }

  private void finish(ClosedEvent event) {
    setState(ConnectionState.CLOSED);
    queue.failAll("socket to " + options.uri() + " closed: " + event);
    firstOpen.tryFail(
        new IllegalStateException(
            "socket to " + options.uri() + " closed before it opened: " + event));
    events.closed(event);
    if (ownsClient) {
      client.close();
    }
  }

  private void flush() {
    if (link != null && state == ConnectionState.OPEN && queue.drainTo(link)) {
      events.drained();
    }
  }

  private void setState(ConnectionState next) {
    if (state != next) {
      state = next;
      events.state(next);
    }
  }

  @Override
  public void onText(Link from, String text) {
    if (from == link) {
      events.text(text);
    }
  }

  @Override
  public void onBinary(Link from, Buffer data) {
    if (from == link) {
      events.binary(data);
    }
  }

  @Override
  public void onDrain(Link from) {
    flush();
  }

  @Override
  public void onEnded(Link from, int code, String reason, boolean byClient) {
    if (from == link) {
      link = null;
      ended(
          code,
          reason,
          byClient,
          byClient ? code == BeaconSocket.NO_PONG : ReconnectPolicy.isTransient(code));
    }
  }
}
