package dev.beacon.infra.support;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A blocking WebSocket text client for tests: send frames, read replies in order, with deadlines. */
public final class TextClient implements AutoCloseable {

  private final WebSocketClient client;
  private final WebSocket socket;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
  private final CompletableFuture<Short> closed = new CompletableFuture<>();
  private String clientId;

  private TextClient(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
  }

  /**
   * Connects on a Vert.x context and installs the handlers in the same turn of the event loop that completes
   * the handshake: a server that speaks first (a {@code welcome}) is not lost to a handler installed late.
   */
  public static TextClient connect(Vertx vertx, int port, String path) {
    return connect(vertx, new WebSocketClientOptions(), port, path);
  }

  /** As {@link #connect(Vertx, int, String)} over TLS ({@code wss://}), trusting only {@code certificate} (PEM). */
  public static TextClient connectTls(Vertx vertx, Path certificate, int port, String path) {
    return connect(vertx, new WebSocketClientOptions().setSsl(true).setVerifyHost(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(certificate.toString())), port, path);
  }

  private static TextClient connect(Vertx vertx, WebSocketClientOptions options, int port, String path) {
    WebSocketClient client = vertx.createWebSocketClient(options.setMaxFrameSize(1 << 20));
    Promise<TextClient> connected = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> client.connect(new WebSocketConnectOptions()
            .setHost("127.0.0.1").setPort(port).setURI(path))
        .map(ws -> {
          TextClient text = new TextClient(client, ws);
          ws.textMessageHandler(text.replies::add);
          ws.closeHandler(x -> text.closed.complete(ws.closeStatusCode()));
          return text;
        })
        .onComplete(connected));
    return Await.future(connected.future(), Duration.ofSeconds(10), "WebSocket connect");
  }

  public void send(String frame) {
    socket.writeTextMessage(frame);
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

  @Override
  public void close() {
    socket.close();
    client.close();
  }
}
