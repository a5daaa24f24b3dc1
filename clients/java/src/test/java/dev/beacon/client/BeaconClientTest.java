package dev.beacon.client;

import static dev.beacon.client.BeaconSocketTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link BeaconClient} against a scripted server in the same JVM that speaks just enough of the
 * protocol: a {@code welcome} per connection, and answers to what the test tells it.
 */
class BeaconClientTest {

  private Vertx vertx;
  private HttpServer server;
  private final List<ServerWebSocket> sockets = new CopyOnWriteArrayList<>();
  private final BlockingQueue<JsonObject> requests = new LinkedBlockingQueue<>();
  private BeaconClient client;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server =
        await(
            vertx
                .createHttpServer()
                .webSocketHandler(
                    ws -> {
                      sockets.add(ws);
                      ws.textMessageHandler(text -> requests.add(new JsonObject(text)));
                      ws.writeTextMessage(
                          new JsonObject()
                              .put("type", "welcome")
                              .put("client_id", "c-" + sockets.size())
                              .put("gateway", "gw-test")
                              .encode());
                    })
                .listen(0, "127.0.0.1"));
    client =
        BeaconClient.create(
            vertx,
            ClientOptions.builder(URI.create("ws://127.0.0.1:" + server.actualPort() + "/chat"))
                .reconnect(
                    new ReconnectPolicy(true, Duration.ofMillis(20), Duration.ofMillis(50), 0))
                .build());
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  @DisplayName(
      "after a reconnect it resubscribes from the last position, drops duplicates and restores stream order")
  void resubscribesFromTheLastPosition() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    client.messageHandler(m -> seen.add(m.getString("content")));
    assertThat(await(client.connect())).isEqualTo("c-1");
    var joined = client.join("r");
    JsonObject subscribe = next("subscribe");
    assertThat(subscribe.containsKey("since")).isFalse();
    reply(0, subscribed(subscribe, true));
    await(joined);
    deliver(0, "a", 10);
    deliver(0, "b", 11);
    sockets.get(0).close((short) 1001, "restart");

    JsonObject resubscribe = next("subscribe");
    assertThat(resubscribe.getString("since")).isEqualTo("q2vKd7Lw-1-11");
    deliver(1, "d", 13);
    deliver(1, "b", 11);
    deliver(1, "c", 12);
    reply(1, subscribed(resubscribe, true));
    deliver(1, "e", 14);
    waitFor(() -> seen.size() >= 5);
    assertThat(seen)
        .as("a live message before the replay is held and put in order")
        .containsExactly("a", "b", "c", "d", "e");
    assertThat(client.clientId()).isEqualTo("c-2");
    assertThat(client.connections()).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "recovered:false after a reconnect is reported, and requests fail with the server's error code")
  void reportsLossAndErrors() throws Exception {
    BlockingQueue<JsonObject> lost = new LinkedBlockingQueue<>();
    client.recoveryLostHandler(lost::add);
    await(client.connect());
    var joined = client.join("r");
    reply(0, subscribed(next("subscribe"), true));
    await(joined);
    deliver(0, "a", 10);
    sockets.get(0).close((short) 1011, "oops");
    reply(1, subscribed(next("subscribe"), false));
    assertThat(lost.poll(10, TimeUnit.SECONDS).getString("room")).isEqualTo("r");

    var presence = client.presence("bad room");
    JsonObject request = next("presence");
    reply(
        1,
        new JsonObject()
            .put("type", "error")
            .put("id", request.getString("id"))
            .put("code", "bad_room")
            .put("message", "room names are A-Z a-z 0-9 . _ : -"));
    Throwable failure = BeaconSocketTest.awaitFailure(presence);
    assertThat(failure).isInstanceOf(BeaconErrorException.class);
    assertThat(((BeaconErrorException) failure).code()).isEqualTo("bad_room");
  }

  private JsonObject next(String type) throws InterruptedException {
    for (JsonObject r = requests.poll(10, TimeUnit.SECONDS);
        r != null;
        r = requests.poll(10, TimeUnit.SECONDS)) {
      if (type.equals(r.getString("type"))) {
        return r;
      }
    }
    throw new AssertionError("no " + type + " request within 10 s");
  }

  private void reply(int socket, JsonObject message) {
    sockets.get(socket).writeTextMessage(message.encode());
  }

  private void deliver(int socket, String content, long offset) {
    reply(
        socket,
        new JsonObject()
            .put("type", "chat")
            .put("room", "r")
            .put("content", content)
            .put("pos", "q2vKd7Lw-1-" + offset));
  }

  private static JsonObject subscribed(JsonObject subscribe, boolean recovered) {
    return new JsonObject()
        .put("type", "subscribed")
        .put("id", subscribe.getString("id"))
        .put("room", subscribe.getString("room"))
        .put("recovered", recovered);
  }

  private static void waitFor(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean() && System.nanoTime() < end) {
      Thread.sleep(10);
    }
  }
}
