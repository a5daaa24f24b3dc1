package dev.beacon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A real Vert.x WebSocket client with a blocking view of what it receives, for tests on the JUnit
 * thread.
 */
public final class TestClient {

  public static final long WAIT_SECONDS = 5;

  private final WebSocket socket;
  private final Context context;
  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<Short> closeCode = new CompletableFuture<>();

  private TestClient(WebSocket socket, Context context) {
    this.socket = socket;
    this.context = context;
  }

  /**
   * Vert.x 5 closes a WebSocketClient, with its connections, once it is garbage: each test client
   * keeps its own reachable for as long as the test client itself.
   */
  public static TestClient connect(Vertx vertx, int port, String path) {
    return connect(
        vertx,
        new io.vertx.core.http.WebSocketConnectOptions()
            .setPort(port)
            .setHost("localhost")
            .setURI(path));
  }

  /** As {@link #connect(Vertx, int, String)} with every handshake option, e.g. headers. */
  public static TestClient connect(
      Vertx vertx, io.vertx.core.http.WebSocketConnectOptions connect) {
    WebSocketClientOptions options =
        new WebSocketClientOptions().setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20);
    WebSocketClient webSocketClient = vertx.createWebSocketClient(options);
    Context context = vertx.getOrCreateContext();
    TestClient client =
        await(
            onContext(
                context,
                () -> webSocketClient.connect(connect).map(socket -> listen(socket, context))));
    return client;
  }

  /**
   * Runs a client operation on a Vert.x context: in Vert.x 5.0.8, HTTP client requests issued from
   * a non-Vert.x thread occasionally never complete (7 of 450 in a loop on this machine), while
   * requests issued on a context all did.
   */
  public static <T> Future<T> onContext(Context context, Supplier<Future<T>> operation) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> operation.get().onComplete(promise));
    return promise.future();
  }

  private static TestClient listen(WebSocket socket, Context context) {
    TestClient client = new TestClient(socket, context);
    socket.textMessageHandler(client.received::add);
    socket.closeHandler(v -> client.closeCode.complete(socket.closeStatusCode()));
    return client;
  }

  public void send(String text) {
    await(onContext(context, () -> socket.writeTextMessage(text)));
  }

  public void sendFrame(WebSocketFrame frame) {
    await(onContext(context, () -> socket.writeFrame(frame)));
  }

  /**
   * A text message of arbitrary bytes (invalid UTF-8 included): the public API builds text frames
   * from Strings only, so it goes as an empty text frame and one continuation frame carrying the
   * bytes.
   */
  public void sendRawText(byte[] payload) {
    sendFrame(WebSocketFrame.textFrame("", false));
    sendFrame(WebSocketFrame.continuationFrame(Buffer.buffer(payload), true));
  }

  public void sendBinary(byte[] payload) {
    sendFrame(WebSocketFrame.binaryFrame(Buffer.buffer(payload), true));
  }

  /** The next text message, waiting up to 5 s. */
  public String next() throws InterruptedException {
    String text = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(text).as("a reply within %d s", WAIT_SECONDS).isNotNull();
    return text;
  }

  public JsonObject nextJson() throws InterruptedException {
    return new JsonObject(next());
  }

  /** Messages that have arrived and not been taken yet. */
  public int pending() {
    return received.size();
  }

  /** The close code the server sent, waiting up to 5 s for the close. */
  public short awaitClose() throws Exception {
    return closeCode.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** The close code the server sent, waiting up to {@code wait} for the close. */
  public short awaitCloseWithin(java.time.Duration wait) throws Exception {
    return closeCode.get(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  public String closeReason() {
    return socket.closeReason();
  }

  public boolean isClosed() {
    return socket.isClosed();
  }

  public void close() {
    await(onContext(context, socket::close));
  }

  /** The failure of a future expected to fail within 5 s. */
  public static Throwable awaitFailure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("future did not fail within " + WAIT_SECONDS + " s", e);
    }
    throw new AssertionError("expected the future to fail, it succeeded");
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(
          "future did not complete successfully within " + WAIT_SECONDS + " s", e);
    }
  }
}
