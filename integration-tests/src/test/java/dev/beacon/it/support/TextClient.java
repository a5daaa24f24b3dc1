package dev.beacon.it.support;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A blocking WebSocket text client for tests: send frames, read replies in order, with deadlines.
 */
public final class TextClient implements AutoCloseable {

  /**
   * How long a handshake may take: generous, because a gateway process just started on a loaded
   * 2-core machine (two test JVMs and their processes) answered its first TLS handshake after more
   * than 10 s (WssIT at load average 27).
   */
  private static final Duration CONNECT_WAIT = Duration.ofSeconds(30);

  private final WebSocketClient client;
  private final WebSocket socket;
  private final Context context;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
  private final CompletableFuture<Short> closed = new CompletableFuture<>();
  private String clientId;

  private TextClient(WebSocketClient client, WebSocket socket, Context context) {
    this.client = client;
    this.socket = socket;
    this.context = context;
  }

  /**
   * Connects on a Vert.x context and installs the handlers in the same turn of the event loop that
   * completes the handshake: a server that speaks first (a {@code welcome}) is not lost to a
   * handler installed late.
   */
  public static TextClient connect(Vertx vertx, int port, String path) {
    return connect(
        vertx,
        new WebSocketClientOptions(),
        new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(path));
  }

  /**
   * As {@link #connect(Vertx, int, String)} over TLS ({@code wss://}), trusting only {@code
   * certificate} (PEM).
   */
  public static TextClient connectTls(Vertx vertx, Path certificate, int port, String path) {
    return connect(
        vertx,
        new WebSocketClientOptions()
            .setSsl(true)
            .setVerifyHost(true)
            .setTrustOptions(new PemTrustOptions().addCertPath(certificate.toString())),
        new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(path));
  }

  /** As {@link #connect(Vertx, int, String)} with every handshake option, e.g. headers. */
  public static TextClient connect(Vertx vertx, WebSocketConnectOptions options) {
    return connect(vertx, new WebSocketClientOptions(), options);
  }

  /**
   * As {@link #connect(Vertx, int, String)} with any client options (TLS) and connect options
   * (headers).
   */
  public static TextClient connect(
      Vertx vertx, WebSocketClientOptions options, WebSocketConnectOptions connect) {
    return Await.future(open(vertx, options, connect), CONNECT_WAIT, "WebSocket connect");
  }

  /**
   * The HTTP status with which the server refused this upgrade; fails when the upgrade succeeds.
   */
  public static int refusal(
      Vertx vertx, WebSocketClientOptions options, WebSocketConnectOptions connect) {
    Future<Integer> status =
        open(vertx, options, connect)
            .transform(
                done -> {
                  if (done.succeeded()) {
                    done.result().close();
                    return Future.failedFuture(
                        new AssertionError("upgrade to " + connect.getURI() + " was accepted"));
                  }
                  return done.cause() instanceof UpgradeRejectedException rejected
                      ? Future.succeededFuture(rejected.getStatus())
                      : Future.failedFuture(done.cause());
                });
    return Await.future(status, CONNECT_WAIT, "refused WebSocket upgrade");
  }

  /**
   * Connects without waiting: the future fails with {@link UpgradeRejectedException} when the
   * upgrade is refused.
   */
  public static Future<TextClient> open(
      Vertx vertx, WebSocketClientOptions options, WebSocketConnectOptions connect) {
    WebSocketClient client = vertx.createWebSocketClient(options.setMaxFrameSize(1 << 20));
    Promise<TextClient> connected = Promise.promise();
    vertx
        .getOrCreateContext()
        .runOnContext(
            v ->
                client
                    .connect(connect)
                    .map(
                        ws -> {
                          TextClient text = new TextClient(client, ws, Vertx.currentContext());
                          ws.textMessageHandler(text.replies::add);
                          ws.closeHandler(x -> text.closed.complete(ws.closeStatusCode()));
                          return text;
                        })
                    .onComplete(connected));
    return connected.future();
  }

  public void send(String frame) {
    socket.writeTextMessage(frame);
  }

  /** Writes one WebSocket frame as given (fragments, raw bytes), waiting until it is written. */
  public void sendFrame(WebSocketFrame frame) {
    Promise<Void> written = Promise.promise();
    context.runOnContext(v -> socket.writeFrame(frame).onComplete(written));
    Await.future(written.future(), Duration.ofSeconds(10), "write a frame");
  }

  /** The close code the server sent, waiting up to {@code timeout} for the close. */
  public Short closeCode(Duration timeout) {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("connection not closed within " + timeout, e);
    }
  }

  public String nextReply(Duration timeout) {
    try {
      String reply = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (reply == null) {
        throw new AssertionError("no reply within " + timeout);
      }
      return reply;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The next reply, or null if none arrives within {@code timeout}. */
  public String pollReply(Duration timeout) {
    try {
      return replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  public void setClientId(String id) {
    this.clientId = id;
  }

  /** The id from the server's welcome, once a test has read it. */
  public String clientId() {
    return clientId;
  }

  public String request(String frame, Duration timeout) {
    send(frame);
    return nextReply(timeout);
  }

  /** Sends every frame without waiting, then collects exactly as many replies. */
  public List<String> pipeline(List<String> frames, Duration timeout) {
    frames.forEach(this::send);
    List<String> out = new ArrayList<>(frames.size());
    for (int i = 0; i < frames.size(); i++) {
      out.add(nextReply(timeout));
    }
    return out;
  }

  /** Whether the server closed this connection within {@code timeout}. */
  public boolean awaitClosed(Duration timeout) {
    try {
      closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /**
   * The close code the server sent, waiting at most {@code timeout}; null if it closed without one.
   */
  public Short awaitCloseCode(Duration timeout) {
    return Await.future(
        Future.fromCompletionStage(closed), timeout, "the server to close the connection");
  }

  /** The reason of the server's close frame, once closed. */
  public String closeReason() {
    return socket.closeReason();
  }

  @Override
  public void close() {
    socket.close();
    client.close();
  }
}
