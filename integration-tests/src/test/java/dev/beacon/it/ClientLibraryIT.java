package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.client.BeaconClient;
import dev.beacon.client.BeaconSocket;
import dev.beacon.client.ClientOptions;
import dev.beacon.client.ClosedEvent;
import dev.beacon.client.ConnectionState;
import dev.beacon.client.MessageTooLargeException;
import dev.beacon.client.ReconnectPolicy;
import dev.beacon.gateway.embed.EmbeddedGateway;
import dev.beacon.gateway.session.ConnectionInfo;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.BeaconProcess;
import dev.beacon.it.support.ChatCluster;
import dev.beacon.it.support.FreePorts;
import dev.beacon.it.support.Haproxy;
import dev.beacon.server.Blocking;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each option of the Java client library against real gateway processes, a real broadcaster and a
 * real Kafka broker. The server-to-client side of fragmentation, the client's receive limit and
 * custom headers use a gateway embedded in the test JVM ({@link EmbeddedGateway}, standalone),
 * whose {@code send} and connect listener reach them.
 */
class ClientLibraryIT {

  private static final Duration WAIT = ChatCluster.WAIT;
  private static final int MEGABYTE = 1_000_000;

  @TempDir static Path dir;
  private static ChatCluster cluster;
  private static Vertx vertx;
  private static int bigPort;
  private static int defaultPort;

  @BeforeAll
  static void startCluster() {
    vertx = Vertx.vertx();
    cluster = ChatCluster.start(dir);
    bigPort = FreePorts.next();
    defaultPort = FreePorts.next();
    cluster.gateway("gw-big", bigPort, Map.of("BEACON_MAX_MESSAGE_SIZE", String.valueOf(2 << 20)));
    cluster.gateway("gw-default", defaultPort, Map.of());
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
    Blocking.awaitQuietly(vertx.close(), "stop vertx");
  }

  private static ClientOptions.Builder options(int port) {
    return ClientOptions.builder(URI.create("ws://127.0.0.1:" + port + "/chat"))
        .reconnect(new ReconnectPolicy(true, Duration.ofMillis(100), Duration.ofMillis(500), 0));
  }

  @Test
  @DisplayName("a 1 MB message goes to a real gateway in 64 KiB fragments and is answered")
  void megabyteToTheGateway() {
    BeaconClient client =
        BeaconClient.create(vertx, options(bigPort).maxMessageSize(2 << 20).build());
    Blocking.await(client.connect(), "connect");
    JsonObject pong =
        Blocking.await(
            client.request(
                new JsonObject().put("type", "ping").put("padding", "x".repeat(MEGABYTE))),
            "a 1 MB ping");
    assertThat(pong.getString("type")).isEqualTo("pong");
    Blocking.await(client.close(), "close");
  }

  @Test
  @DisplayName(
      "a 1 MB message from the gateway arrives in 64 KiB fragments and is reassembled for the handler")
  void megabyteFromTheGateway() throws Exception {
    BlockingQueue<ConnectionInfo> connected = new LinkedBlockingQueue<>();
    EmbeddedGateway gateway =
        Blocking.await(
            EmbeddedGateway.builder()
                .vertx(vertx)
                .sizeLimits(1 << 16, 2 << 20)
                .maxOutboundBytes(4 << 20)
                .onConnect(connected::add)
                .start(),
            "embedded gateway");
    try {
      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      BeaconSocket socket =
          new BeaconSocket(vertx, options(gateway.port()).maxMessageSize(2 << 20).build())
              .textHandler(received::add);
      Blocking.await(socket.connect(), "connect");
      String clientId = connected.poll(WAIT.toSeconds(), TimeUnit.SECONDS).id();
      // The connect listener runs before the client is in presence, where the gateway looks up a
      // send's target.
      Await.until("the client in presence", WAIT, () -> gateway.count() == 1);
      String big = "0123456789abcdef".repeat(MEGABYTE / 16);
      Blocking.await(gateway.send(clientId, big), "send 1 MB to the client");
      JsonObject direct = nextOfType(received, "direct");
      assertThat(direct.getString("content")).isEqualTo(big);
      Blocking.await(socket.close(), "close");
    } finally {
      Blocking.awaitQuietly(gateway.stop(), "stop embedded gateway");
    }
  }

  @Test
  @DisplayName(
      "the max message size is enforced by the client on sending, and by the gateway with 1009")
  void maxMessageSizeWhenSending() throws Exception {
    BeaconClient client =
        BeaconClient.create(vertx, options(bigPort).maxMessageSize(100_000).build());
    Blocking.await(client.connect(), "connect");
    Throwable refused = failure(client.socket().send("x".repeat(150_000)));
    assertThat(refused).isInstanceOf(MessageTooLargeException.class);
    assertThat(Blocking.await(client.ping(), "ping after the refusal").getString("type"))
        .isEqualTo("pong");
    Blocking.await(client.close(), "close");

    BlockingQueue<ClosedEvent> events = new LinkedBlockingQueue<>();
    BeaconClient tooBig =
        BeaconClient.create(vertx, options(defaultPort).maxMessageSize(2 << 20).build())
            .closedHandler(events::add);
    Blocking.await(tooBig.connect(), "connect");
    tooBig
        .socket()
        .send(new JsonObject().put("type", "ping").put("padding", "x".repeat(100_000)).encode());
    ClosedEvent event = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(event).isNotNull();
    assertThat(event.code()).isEqualTo(1009);
    assertThat(event.byClient()).isFalse();
    assertThat(event.willReconnect()).as("1009 is terminal").isFalse();
    assertThat(tooBig.socket().state()).isEqualTo(ConnectionState.CLOSED);
  }

  @Test
  @DisplayName(
      "a message from the gateway above the client's max message size closes the connection with 1009")
  void maxMessageSizeWhenReceiving() throws Exception {
    BlockingQueue<ConnectionInfo> connected = new LinkedBlockingQueue<>();
    BlockingQueue<Integer> gatewaySaw = new LinkedBlockingQueue<>();
    EmbeddedGateway gateway =
        Blocking.await(
            EmbeddedGateway.builder()
                .vertx(vertx)
                .sizeLimits(1 << 16, 1 << 20)
                .onConnect(connected::add)
                .onDisconnect((info, code, reason) -> gatewaySaw.add(code))
                .start(),
            "embedded gateway");
    try {
      BlockingQueue<ClosedEvent> events = new LinkedBlockingQueue<>();
      BeaconSocket socket =
          new BeaconSocket(vertx, options(gateway.port()).maxMessageSize(100_000).build())
              .closedHandler(events::add);
      Blocking.await(socket.connect(), "connect");
      String clientId = connected.poll(WAIT.toSeconds(), TimeUnit.SECONDS).id();
      Await.until("the client in presence", WAIT, () -> gateway.count() == 1);
      Blocking.await(gateway.send(clientId, "y".repeat(200_000)), "send 200 KB to the client");
      ClosedEvent event = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(event.code()).isEqualTo(1009);
      assertThat(event.byClient()).isTrue();
      assertThat(event.willReconnect()).isFalse();
      assertThat(gatewaySaw.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1009);
    } finally {
      Blocking.awaitQuietly(gateway.stop(), "stop embedded gateway");
    }
  }

  @Test
  @DisplayName("custom headers reach the gateway with the upgrade request")
  void customHeaders() throws Exception {
    BlockingQueue<ConnectionInfo> connected = new LinkedBlockingQueue<>();
    EmbeddedGateway gateway =
        Blocking.await(
            EmbeddedGateway.builder().vertx(vertx).onConnect(connected::add).start(),
            "embedded gateway");
    try {
      BeaconSocket socket =
          new BeaconSocket(
              vertx,
              options(gateway.port())
                  .header("X-Beacon-Device", "tracker-7")
                  .header("Authorization", "Bearer t0ken")
                  .build());
      Blocking.await(socket.connect(), "connect");
      ConnectionInfo info = connected.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(info.header("X-Beacon-Device")).isEqualTo("tracker-7");
      assertThat(info.header("Authorization")).isEqualTo("Bearer t0ken");
      Blocking.await(socket.close(), "close");
    } finally {
      Blocking.awaitQuietly(gateway.stop(), "stop embedded gateway");
    }
  }

  private static JsonObject nextOfType(BlockingQueue<String> received, String type)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      String text = received.poll(1, TimeUnit.SECONDS);
      if (text != null && new JsonObject(text).getString("type").equals(type)) {
        return new JsonObject(text);
      }
    }
    throw new AssertionError("no " + type + " message within " + WAIT);
  }

  @Test
  @DisplayName(
      "keep-alive detects a SIGSTOPped gateway (4001), and the client reconnects after SIGCONT")
  void keepAliveDetectsASilentGateway() throws Exception {
    int port = FreePorts.next();
    BeaconProcess gateway = cluster.gateway("gw-stopped", port, Map.of());
    BlockingQueue<ClosedEvent> events = new LinkedBlockingQueue<>();
    BeaconClient client =
        BeaconClient.create(
                vertx,
                options(port)
                    .pingInterval(Duration.ofMillis(300))
                    .pongTimeout(Duration.ofSeconds(1))
                    .connectTimeout(Duration.ofSeconds(2))
                    .build())
            .closedHandler(events::add);
    Blocking.await(client.connect(), "connect");
    signal(gateway, "STOP");
    try {
      ClosedEvent event = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(event).isNotNull();
      assertThat(event.code()).isEqualTo(BeaconSocket.NO_PONG);
      assertThat(event.byClient()).isTrue();
      assertThat(event.willReconnect()).isTrue();
    } finally {
      signal(gateway, "CONT");
    }
    Await.until("a new welcome after SIGCONT", WAIT, () -> client.connections() >= 2);
    assertThat(client.socket().state()).isEqualTo(ConnectionState.OPEN);
    assertThat(Blocking.await(client.ping(), "ping").getString("type")).isEqualTo("pong");
    Blocking.await(client.close(), "close");
    gateway.kill();
  }

  @Test
  @DisplayName(
      "through a gateway restart the client reconnects by itself and recovers its room with no gap")
  void reconnectsThroughAGatewayRestart() throws Exception {
    int port = FreePorts.next();
    BeaconProcess gateway = cluster.gateway("gw-restarted", port, Map.of());
    Follower follower = Follower.join(vertx, port, "restart");
    BeaconProcess[] restarted = new BeaconProcess[1];
    follower.publishAndInterrupt(
        "restart",
        () -> {
          gateway.kill();
          restarted[0] = cluster.gateway("gw-restarted", port, Map.of());
        });
    restarted[0].kill();
  }

  @Test
  @DisplayName(
      "through HAProxy, a client whose gateway is SIGKILLed reconnects to another one with no gap")
  void reconnectsThroughTheLoadBalancer() throws Exception {
    Assumptions.assumeTrue(
        Haproxy.installed(), "haproxy is not installed (apt-get install haproxy; .ci/run does)");
    int[] ports = {FreePorts.next(), FreePorts.next()};
    Map<String, BeaconProcess> gateways =
        Map.of(
            "gw-lb-1", cluster.gateway("gw-lb-1", ports[0], Map.of()),
            "gw-lb-2", cluster.gateway("gw-lb-2", ports[1], Map.of()));
    int lbPort = FreePorts.next();
    try (Haproxy lb = Haproxy.start(dir, lbPort, ports[0], ports[1], ports[1])) {
      Follower follower = Follower.join(vertx, lbPort, "balanced");
      String first = follower.client.gateway();
      follower.publishAndInterrupt("balanced", () -> gateways.get(first).kill());
      assertThat(follower.client.gateway()).as("gateway after the kill").isNotEqualTo(first);
    } finally {
      gateways.values().forEach(BeaconProcess::close);
    }
  }

  /**
   * A client following one room, and a publisher on another gateway that keeps going through an
   * incident.
   */
  private record Follower(BeaconClient client, List<String> seen) {
    static final int MESSAGES = 120;

    static Follower join(Vertx vertx, int port, String room) {
      ChatCluster.awaitRouting(vertx, bigPort);
      List<String> seen = new CopyOnWriteArrayList<>();
      BeaconClient client =
          BeaconClient.create(vertx, options(port).build())
              .messageHandler(
                  m -> {
                    if ("chat".equals(m.getString("type")) && room.equals(m.getString("room"))) {
                      seen.add(m.getString("content"));
                    }
                  });
      Blocking.await(client.connect(), "connect the follower");
      Blocking.await(client.join(room), "join " + room);
      return new Follower(client, seen);
    }

    /**
     * Publishes MESSAGES, runs {@code incident} after a third arrived, and checks all arrive once,
     * in order.
     */
    void publishAndInterrupt(String room, Runnable incident) throws InterruptedException {
      BeaconClient publisher = BeaconClient.create(vertx, options(bigPort).build()).sender("pub");
      Blocking.await(publisher.connect(), "connect the publisher");
      Thread publishing = new Thread(() -> publish(publisher, room, MESSAGES), "publisher");
      publishing.start();
      Await.until("a third of the messages", WAIT, () -> seen.size() >= MESSAGES / 3);
      incident.run();
      publishing.join(WAIT.toMillis());
      List<String> expected = new ArrayList<>();
      for (int m = 0; m < MESSAGES; m++) {
        expected.add("m-" + m);
      }
      Await.until("every message at the follower", WAIT, () -> seen.size() >= MESSAGES);
      assertThat(seen).isEqualTo(expected);
      assertThat(client.connections())
          .as("welcomes: the first and after the incident")
          .isGreaterThanOrEqualTo(2);
      Blocking.await(client.close(), "close");
      Blocking.await(publisher.close(), "close");
    }
  }

  private static void publish(BeaconClient publisher, String room, int messages) {
    for (int m = 0; m < messages; m++) {
      Blocking.await(publisher.chat(room, "m-" + m), "publish m-" + m);
      try {
        Thread.sleep(40);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void signal(BeaconProcess process, String signal) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -" + signal).isZero();
  }

  private static Throwable failure(Future<?> future) throws Exception {
    try {
      future.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }
}
